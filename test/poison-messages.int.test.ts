import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Runtime } from '../local/runtime';
import type { Topology } from '../local/bus/topology-types';
import { createBakeryEvent } from '../shared/events/catalog';
import { toMessage } from '../shared/events/envelope';
import { http, repoRoot, START, startFixture } from './support/runtime-harness';

const appRoot = path.join(repoRoot, 'test/fixtures/outbox-app');
const topology = JSON.parse(fs.readFileSync(path.join(appRoot, 'topology.json'), 'utf8')) as Topology;
const clock = { now: () => START };
const signedUp = (name: string, id: string) =>
  createBakeryEvent(
    'bakery.user.signed-up.v1',
    { userId: `u-${name}`, name, signedUpAt: new Date(START).toISOString() },
    { clock, id },
  );

/**
 * Poison messages through `subscribe()` (shared/messaging/subscribe.ts) on the local runtime, which
 * settles them as Azure does in this project's setup (docs/decisions.md, "Poison messages"): the
 * invocation fails on each of maxDeliveryCount deliveries (3 in the fixture), then the message is
 * in the subscription's dead-letter queue, with the reason and the offending field, and no
 * handler has acted on it. The messages around it are handled.
 */
describe('poison messages', () => {
  let runtime: Runtime;
  let logged: string[];
  let spies: jest.SpyInstance[];
  beforeEach(async () => {
    logged = [];
    const capture = (chunk: string | Uint8Array) => {
      logged.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    spies = [process.stdout, process.stderr].map((s) => jest.spyOn(s, 'write').mockImplementation(capture));
    runtime = await startFixture({
      appRoot,
      entry: path.join(appRoot, 'index.ts'),
      topology,
      logLevel: 'error',
    });
  });
  afterEach(async () => {
    await runtime.stop();
    for (const spy of spies) spy.mockRestore();
  });

  const handled = async () => (await http(runtime.baseUrl, 'GET', '/api/handled')).json as string[];
  const deadLetters = () => runtime.bus.deadLetters('auth', 'fixture');

  it('dead-letters an event whose payload breaks its schema, naming the field, after maxDeliveryCount deliveries', async () => {
    const bad = { ...toMessage(signedUp('x', 'bad-payload')) };
    bad.body = {
      ...(bad.body as Record<string, unknown>),
      data: { userId: 'u-x', name: '', signedUpAt: 'soon' },
    };
    await runtime.bus.send('auth', [
      toMessage(signedUp('ann', 'before')),
      bad,
      toMessage(signedUp('ben', 'after')),
    ]);
    await runtime.idle();

    expect(await handled()).toEqual(['after', 'before']);
    const [letter, ...others] = deadLetters();
    expect(others).toEqual([]);
    expect(letter.messageId).toBe('bad-payload');
    expect(letter.deliveryCount).toBe(3);
    expect(letter.deadLetterReason).toBe('MaxDeliveryCountExceeded');
    expect(letter.deadLetterErrorDescription).toMatch(
      /^InvalidEvent: invalid bakery\.user\.signed-up\.v1 payload/,
    );
    expect(letter.deadLetterErrorDescription).toContain('data.name');
    expect(letter.deadLetterErrorDescription).toContain('data.signedUpAt');
    // Each delivery logged the reason and the fields as an error.
    const lines = logged.filter((l) => l.includes('poison message bad-payload'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('auth/fixture: poison message bad-payload (delivery 1): InvalidEvent: ');
    expect(lines[0]).toContain('(fields: data.name, data.signedUpAt)');
    // The other subscription on the topic is not concerned: it got (and completed) all three.
    expect(runtime.bus.deadLetters('auth', 'watch')).toEqual([]);
  });

  it('dead-letters a message whose envelope is not a CloudEvent, and one that is not JSON', async () => {
    await runtime.bus.send('auth', [
      { messageId: 'not-an-event', body: { hello: 'world' } },
      { messageId: 'not-json', body: 'this is {not json' },
    ]);
    await runtime.idle();
    const letters = Object.fromEntries(deadLetters().map((d) => [d.messageId, d]));
    expect(Object.keys(letters).sort()).toEqual(['not-an-event', 'not-json']);
    expect(letters['not-an-event'].deliveryCount).toBe(3);
    expect(letters['not-an-event'].deadLetterErrorDescription).toMatch(
      /^InvalidEvent: invalid CloudEvents envelope/,
    );
    expect(letters['not-an-event'].deadLetterErrorDescription).toContain('specversion');
    expect(letters['not-json'].deadLetterErrorDescription).toBe('InvalidEvent: message body is not JSON');
    expect(await handled()).toEqual([]);
  });

  it("dead-letters what a handler declares poison with the handler's reason, and nothing is applied", async () => {
    await runtime.bus.send('auth', [
      toMessage(signedUp('ghost-1', 'ghost')),
      toMessage(signedUp('cy', 'fine')),
    ]);
    await runtime.idle();
    expect(await handled()).toEqual(['fine']);
    const [letter] = deadLetters();
    expect(letter).toMatchObject({
      messageId: 'ghost',
      deliveryCount: 3,
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deadLetterErrorDescription: 'UnknownUser: u-ghost-1 can never be handled',
    });
    // Resubmitted from the dead-letter queue it fails the same way: poison stays poison.
    expect(runtime.bus.resubmit('auth', 'fixture', ['ghost'])).toBe(1);
    await runtime.idle();
    expect(deadLetters().map((d) => [d.messageId, d.deliveryCount])).toEqual([['ghost', 3]]);
    expect(await handled()).toEqual(['fine']);
  });
});
