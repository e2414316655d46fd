import fc from 'fast-check';
import { catalog } from '../../shared/events/catalog';
import { emptyPicture, evolve, ORDER_PRECEDENCE, settle } from './picture';
import { USER_EVENT_TYPES, type OrderFate, type OrderStatus, type UserFact } from './picture-types';
import { viewPicture } from './picture-view';
import { customerStory, shuffledWithRepeats } from './users-test-kit';

const START = Date.parse('2026-12-01T00:00:00Z');
const fold = (facts: readonly UserFact[], userId = 'ada') => facts.reduce(evolve, emptyPicture(userId));

describe('the events users reads', () => {
  it('are exactly the ones the catalog lists users as a consumer of', () => {
    const consumed = Object.entries(catalog)
      .filter(([, definition]) => (definition.consumers as readonly string[]).includes('users'))
      .map(([type]) => type)
      .sort();
    expect([...USER_EVENT_TYPES].sort()).toEqual(consumed);
  });
});

describe('evolve: a customer story', () => {
  const story = customerStory('ada', START);

  it('gives the expected picture in the order it happened', () => {
    expect(viewPicture(fold(story.events), 'AUD')).toEqual(story.expected);
  });

  it('gives the same picture for every order of arrival, with events told again', () => {
    const inOrder = fold(story.events);
    fc.assert(
      fc.property(shuffledWithRepeats(story.events), (arrivals) => {
        const picture = fold(arrivals);
        expect(picture).toEqual(inOrder);
        expect(viewPicture(picture, 'AUD')).toEqual(story.expected);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same picture in reverse order, when everything arrives before the sign-up', () => {
    expect(fold([...story.events].reverse())).toEqual(fold(story.events));
  });
});

describe('evolve: one event at a time', () => {
  const t = (minutes: number) => new Date(START + minutes * 60_000).toISOString();
  const aud = (amount: number) => ({ amount, currency: 'AUD' });
  const orderId = '6f1c3c1e-4a8e-4c59-9d5e-0c6f7f8a9b01';

  it('starts a picture from any first event: an account opened before the sign-up keeps its account', () => {
    const opened = fold([
      {
        type: 'bakery.account.opened.v1',
        data: { accountId: 'acc-1', userId: 'ada', currency: 'AUD', openedAt: t(0) },
      },
    ]);
    expect(opened).toEqual({
      userId: 'ada',
      account: { id: 'acc-1', balance: { amount: aud(0), version: 0 } },
      orders: {},
      refunds: {},
    });
    const signed = evolve(opened, {
      type: 'bakery.user.signed-up.v1',
      data: { userId: 'ada', name: 'Ada', signedUpAt: t(-1) },
    });
    expect(signed).toEqual({ ...opened, profile: { name: 'Ada', signedUpAt: t(-1) } });
  });

  it('keeps the balance with the highest account version, whichever arrives last', () => {
    const deposit = (balance: number, accountVersion: number) =>
      ({
        type: 'bakery.deposit.made.v1',
        data: {
          accountId: 'acc-1',
          userId: 'ada',
          transactionId: `tx-${accountVersion}`,
          amount: aud(100),
          balance: aud(balance),
          accountVersion,
          depositedAt: t(accountVersion),
        },
      }) as const;
    const opened = {
      type: 'bakery.account.opened.v1',
      data: { accountId: 'acc-1', userId: 'ada', currency: 'AUD', openedAt: t(0) },
    } as const;
    const picture = fold([deposit(200, 2), deposit(100, 1), opened]);
    expect(picture.account).toEqual({ id: 'acc-1', balance: { amount: aud(200), version: 2 } });
  });

  it('knows the balance from a charge before it knows the account id (charges do not carry it)', () => {
    const picture = fold([
      {
        type: 'bakery.charge.approved.v1',
        data: {
          chargeId: 'c-1',
          orderId,
          userId: 'ada',
          amount: aud(300),
          transactionId: 'tx-2',
          balance: aud(700),
          accountVersion: 2,
          approvedAt: t(2),
        },
      },
    ]);
    expect(picture.account).toEqual({ balance: { amount: aud(700), version: 2 } });
    expect(viewPicture(picture, 'AUD').account).toBeNull();
  });

  it('counts a refund once per charge, however often it is told', () => {
    const refunded = {
      type: 'bakery.charge.refunded.v1',
      data: {
        chargeId: 'c-1',
        orderId,
        userId: 'ada',
        amount: aud(300),
        transactionId: 'tx-3',
        balance: aud(1000),
        accountVersion: 3,
        refundedAt: t(3),
      },
    } as const;
    expect(fold([refunded, refunded]).refunds).toEqual({ 'c-1': { orderId, amount: aud(300) } });
  });

  it('keeps the placement time of an order whose final status came first', () => {
    const picture = fold([
      {
        type: 'bakery.order.rejected.v1',
        data: { orderId, userId: 'ada', reason: 'out-of-stock', rejectedAt: t(2) },
      },
      {
        type: 'bakery.order.placed.v1',
        data: { orderId, userId: 'ada', lines: [{ productId: 'bread', quantity: 1 }], placedAt: t(1) },
      },
    ]);
    expect(picture.orders[orderId]).toEqual({
      id: orderId,
      placedAt: t(1),
      fate: { status: 'rejected', at: t(2), reason: 'out-of-stock' },
    });
  });
});

describe('settle: the precedence of order statuses', () => {
  const fates: Record<OrderStatus, OrderFate> = {
    placed: { status: 'placed', at: '2026-12-01T00:00:00Z' },
    rejected: { status: 'rejected', at: '2026-12-01T00:01:00Z', reason: 'out-of-stock' },
    cancelled: { status: 'cancelled', at: '2026-12-01T00:02:00Z', reason: 'payment-timeout' },
    completed: {
      status: 'completed',
      at: '2026-12-01T00:03:00Z',
      total: { amount: 800, currency: 'AUD' },
      items: [{ id: '0b7c1e52-7a39-4f0e-9a57-6a0c5d0f2f11', productId: 'bread' }],
    },
  };
  const statuses = Object.keys(ORDER_PRECEDENCE) as OrderStatus[];

  it('ranks every status: placed below every final one, completed above all', () => {
    expect(statuses.sort((a, b) => ORDER_PRECEDENCE[a] - ORDER_PRECEDENCE[b])).toEqual([
      'placed',
      'rejected',
      'cancelled',
      'completed',
    ]);
  });

  it.each(statuses.flatMap((a) => statuses.map((b) => [a, b] as const)))(
    'an order told %s and %s ends the same in either order',
    (a, b) => {
      const winner = ORDER_PRECEDENCE[a] >= ORDER_PRECEDENCE[b] ? fates[a] : fates[b];
      expect(settle(settle(undefined, fates[a]), fates[b])).toEqual(winner);
      expect(settle(settle(undefined, fates[b]), fates[a])).toEqual(winner);
    },
  );
});
