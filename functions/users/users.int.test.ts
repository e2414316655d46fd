import fc from 'fast-check';
import { toMessage, topicOf, type BakeryEvent } from '../../shared/events';
import { OPENING, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import type { UserEventType } from './picture-types';
import { customerStory, shuffledWithRepeats } from './users-test-kit';

/**
 * GET /api/users/me through the real app (users only): the tests play auth, bank and sales by
 * publishing their events on the bus, then read the picture over HTTP.
 */
jest.setTimeout(120_000);

let bakery: Bakery;
beforeAll(async () => {
  bakery = await startBakery({ startAt: OPENING, settings: { BAKERY_SERVICES: 'users' } });
});
afterAll(() => bakery.stop());
afterEach(() => {
  for (const topic of ['auth', 'bank', 'sales'])
    expect(bakery.runtime.bus.deadLetters(topic, 'users')).toEqual([]);
});

let users = 0;
/** Each test (and each fast-check run) gets its own customer, so nothing leaks between them. */
const newUser = (what: string) => `${what}-${++users}`;

/** Publishes as the event's publisher would; `again` re-sends it under a new message id (past duplicate detection). */
async function tell(event: BakeryEvent<UserEventType>, again?: number) {
  const message = toMessage(event);
  await bakery.runtime.bus.send(topicOf(event.type), {
    ...message,
    ...(again === undefined ? {} : { messageId: `${message.messageId}#again-${again}` }),
  });
}

/** Publishes in this order, each delivered before the next is sent (arrival order is the list's). */
async function tellInOrder(events: Array<BakeryEvent<UserEventType>>) {
  const told = new Set<string>();
  for (const [n, event] of events.entries()) {
    await tell(event, told.has(event.id) ? n : undefined);
    told.add(event.id);
    await bakery.runtime.idle();
  }
}

async function me(userId?: string) {
  const headers: Record<string, string> = userId
    ? { authorization: `Bearer ${await bakery.customerToken(userId)}` }
    : {};
  return http(bakery.runtime.baseUrl, 'GET', '/api/users/me', undefined, headers);
}

describe('GET /api/users/me', () => {
  it('answers 401 without a token', async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 404 (problem+json) before any event about the caller', async () => {
    const res = await me(newUser('nobody'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toMatchObject({ status: 404, code: 'BAKERY_NOT_FOUND' });
  });

  it('shows the picture of a customer day told in order, not cached', async () => {
    const story = customerStory(newUser('ada'), OPENING);
    await tellInOrder(story.events);
    const res = await me(story.userId);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toEqual(story.expected);
  });

  it('exists from the first event about a user, even an order before the sign-up', async () => {
    const story = customerStory(newUser('early'), OPENING);
    const placed = story.events.find((event) => event.type === 'bakery.order.placed.v1')!;
    await tellInOrder([placed]);
    const res = await me(story.userId);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: null,
      account: null,
      orders: { count: 1, last: { id: placed.subject, status: 'placed', placedAt: placed.data.placedAt } },
    });
  });

  it('shows the same picture for every order of arrival, with events told again past duplicate detection', async () => {
    const steps = customerStory('template', OPENING).events.map((_, step) => step);
    await fc.assert(
      fc.asyncProperty(shuffledWithRepeats(steps), async (arrival) => {
        const story = customerStory(newUser('shuffled'), OPENING);
        await tellInOrder(arrival.map((step) => story.events[step]));
        const res = await me(story.userId);
        expect(res.status).toBe(200);
        expect(res.json).toEqual(story.expected);
      }),
      { numRuns: 40 },
    );
  });

  it('shows the same picture when a customer’s events arrive all at once and race for the document', async () => {
    const stories = Array.from({ length: 6 }, () => customerStory(newUser('burst'), OPENING));
    const arrivals = fc.sample(shuffledWithRepeats(stories[0].events.map((_, step) => step)), {
      numRuns: stories.length,
      seed: 10,
    });
    const sends = stories.flatMap((story, n) => arrivals[n].map((step, k) => tell(story.events[step], k)));
    await Promise.all(sends);
    await bakery.runtime.idle();
    for (const story of stories) expect((await me(story.userId)).json).toEqual(story.expected);
  });

  it("never shows another customer's events", async () => {
    const [ada, bob] = [customerStory(newUser('ada'), OPENING), customerStory(newUser('bob'), OPENING)];
    await tellInOrder([...ada.events, ...bob.events.slice(0, 4)]);
    const stranger = newUser('stranger');
    expect((await me(ada.userId)).json).toEqual(ada.expected);
    expect((await me(bob.userId)).json).toMatchObject({
      name: `Ada ${bob.userId}`,
      account: { id: `account-${bob.userId}`, balance: { amount: 2000 } },
      orders: { count: 1, last: { status: 'placed' } },
      totalSpent: { amount: 0 },
      itemsReceived: [],
    });
    expect((await me(stranger)).status).toBe(404);
  });
});
