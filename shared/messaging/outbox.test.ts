import type { InvocationContext } from '@azure/functions';
import { Journal } from '../../local/persistence/journal';
import { EmbeddedDocumentStore } from '../../local/store/embedded-store';
import type { MessagePublisher, OutgoingMessage } from '../bus/port';
import { createBakeryEvent } from '../events/catalog';
import type { Document } from '../store/port';
import { createOutboxRelay, listParkedOutbox, outboxOperation, retryParkedOutbox } from './outbox';

const T0 = Date.parse('2026-12-01T06:00:00Z');
const clock = { now: () => T0 };
const DEF = { name: 'ledger', partitionKeyPath: '/accountId' };

/** The relay's per-document decisions, driven by hand (the int tests drive it through the feed). */
describe('outbox relay: attempts and parking', () => {
  let store: EmbeddedDocumentStore;
  let sent: OutgoingMessage[];
  let refuse: Set<string>;
  let errors: string[];
  const context = { error: (m: string) => errors.push(m) } as unknown as InvocationContext;
  const publisher: MessagePublisher = {
    async send(_topic, messages) {
      for (const m of Array.isArray(messages) ? messages : [messages]) {
        if (refuse.has(m.messageId)) throw new Error(`no ${m.messageId}`);
        sent.push(m);
      }
    },
    close: async () => undefined,
  };
  const relay = (maxPublishAttempts = 2) =>
    createOutboxRelay({
      store,
      publisher,
      containerName: DEF.name,
      partitionKeyPath: DEF.partitionKeyPath,
      maxPublishAttempts,
      clock,
    });
  const put = async (name: string) => {
    const event = createBakeryEvent(
      'bakery.user.signed-up.v1',
      { userId: name, name, signedUpAt: new Date(T0).toISOString() },
      { clock, id: `e-${name}` },
    );
    const container = await store.container(DEF);
    await container.batch([outboxOperation(event, 'accountId', 'a')], 'a');
    return (await container.read(`outbox:${event.id}`, 'a')) as Document;
  };

  beforeEach(() => {
    store = new EmbeddedDocumentStore({ journal: Journal.open(), clock });
    sent = [];
    refuse = new Set();
    errors = [];
  });

  it('counts a failed attempt on the document and fails the batch, then parks at the limit and goes on', async () => {
    const [bad, good] = [await put('bad'), await put('good')];
    refuse.add('e-bad');
    const run = relay(2);
    await expect(run([bad, good], context)).rejects.toThrow('no e-bad');
    const container = await store.container(DEF);
    expect(await container.read(bad.id, 'a')).toMatchObject({ attempts: 1, lastError: 'Error: no e-bad' });
    expect(sent).toEqual([]);
    // The retried batch carries the stale version: the relay reads the stored one.
    await run([bad, good], context);
    expect(sent.map((m) => m.messageId)).toEqual(['e-good']);
    expect(await container.read(good.id, 'a')).toBeUndefined();
    expect(await container.read(bad.id, 'a')).toMatchObject({
      attempts: 2,
      parkedAt: new Date(T0).toISOString(),
    });
    expect(errors).toHaveLength(1);
    // Parked documents coming through the feed again are skipped.
    refuse.clear();
    await run([bad], context);
    expect(sent).toHaveLength(1);
    expect((await listParkedOutbox(container)).map((p) => [p.eventId, p.attempts])).toEqual([['e-bad', 2]]);
  });

  it('skips a document that is gone (published by an earlier run of the batch)', async () => {
    const doc = await put('once');
    await relay()([doc], context);
    await relay()([doc], context);
    expect(sent.map((m) => m.messageId)).toEqual(['e-once']);
  });

  it('a retry resets the attempts of the chosen parked documents only', async () => {
    const [a, b] = [await put('x'), await put('y')];
    refuse.add('e-x').add('e-y');
    await relay(1)([a, b], context);
    const container = await store.container(DEF);
    expect(await retryParkedOutbox(container, ['e-y'])).toBe(1);
    expect((await listParkedOutbox(container)).map((p) => p.eventId)).toEqual(['e-x']);
    const revived = await container.read(b.id, 'a');
    expect(revived).toMatchObject({ attempts: 0, lastError: 'Error: no e-y' });
    expect(revived?.parkedAt).toBeUndefined();
    expect(await retryParkedOutbox(container)).toBe(1);
    expect(await retryParkedOutbox(container)).toBe(0);
  });

  it('refuses a maxPublishAttempts that is not a whole number of at least 1', () => {
    for (const bad of [0, -1, 1.5]) expect(() => relay(bad)).toThrow('maxPublishAttempts');
  });
});
