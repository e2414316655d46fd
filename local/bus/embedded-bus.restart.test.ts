import * as fs from 'node:fs';
import * as path from 'node:path';
import { Journal } from '../persistence/journal';
import { deferred, drain, manualClock, message, recorder, statsOf, tempDir } from './bus-test-kit';
import { EmbeddedBus } from './embedded-bus';
import type { Topology } from './topology-types';

const topology: Topology = {
  topics: [{ name: 'products', subscriptions: [{ name: 'sales' }, { name: 'menu', maxDeliveryCount: 2 }] }],
};

let dir: string;
beforeEach(() => (dir = tempDir()));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A bus on a journal in `dir`; crash() closes the journal under it without closing the bus. */
function boot() {
  const journal = Journal.open({ directory: dir });
  const bus = new EmbeddedBus({ journal, clock: manualClock(), topology, onError: () => {} });
  return { bus, crash: () => journal.close() };
}

const ids = (n: number, prefix = 'item') => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

describe('EmbeddedBus across a restart', () => {
  it('redelivers every message not completed, in flight ones with their delivery count, and never a completed one', async () => {
    const first = boot();
    const stuck = deferred();
    const r = recorder((m) => (m.messageId === 'item-4' ? stuck.promise : Promise.resolve()));
    first.bus.subscribe('products', 'sales', r.handler, { maxConcurrentCalls: 1 });
    await first.bus.send(
      'products',
      ids(10).map((messageId) => message({ messageId })),
    );
    await r.until(4);
    expect(statsOf(first.bus, 'products', 'sales')).toEqual({ active: 6, inFlight: 1, deadLettered: 0 });
    first.crash();

    const second = boot();
    expect(statsOf(second.bus, 'products', 'sales')).toEqual({ active: 7, inFlight: 0, deadLettered: 0 });
    const after = await drain(second.bus, 'products', 'sales');
    expect(after.map((m) => `${m.messageId}#${m.deliveryCount}`)).toEqual([
      'item-4#2',
      'item-5#1',
      'item-6#1',
      'item-7#1',
      'item-8#1',
      'item-9#1',
      'item-10#1',
    ]);
    expect(after[0].sequenceNumber).toBe(4);
    expect((await drain(second.bus, 'products', 'menu')).map((m) => m.messageId)).toEqual(ids(10));
    await second.bus.send('products', message({ messageId: 'next' }));
    expect((await drain(second.bus, 'products', 'sales'))[0].sequenceNumber).toBe(11);
    second.crash();
  });

  it('dead-letters, instead of delivering, a message whose deliveries kept crashing the process', async () => {
    for (let boots = 0; boots < 2; boots++) {
      const run = boot();
      if (boots === 0) await run.bus.send('products', message({ messageId: 'poison' }));
      const r = recorder(() => new Promise(() => {}));
      run.bus.subscribe('products', 'menu', r.handler);
      await r.until(1);
      expect(r.received[0].deliveryCount).toBe(boots + 1);
      run.crash();
    }
    const last = boot();
    const r = recorder();
    last.bus.subscribe('products', 'menu', r.handler);
    await last.bus.send('products', message({ messageId: 'healthy' }));
    await r.until(1);
    await last.bus.close();
    expect(r.ids()).toEqual(['healthy']);
    expect(last.bus.deadLetters('products', 'menu')).toEqual([
      expect.objectContaining({
        messageId: 'poison',
        deliveryCount: 2,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: 'Message could not be consumed after 2 delivery attempts.',
      }),
    ]);
    last.crash();
  });

  it('keeps what close() left unfinished', async () => {
    const first = boot();
    const r = recorder(() => new Promise(() => {}));
    first.bus.subscribe('products', 'sales', r.handler);
    await first.bus.send('products', [message({ messageId: 'a' }), message({ messageId: 'b' })]);
    await r.until(2);
    await first.bus.close({ timeoutMs: 10 });
    first.crash();
    const second = boot();
    expect(
      (await drain(second.bus, 'products', 'sales')).map((m) => `${m.messageId}#${m.deliveryCount}`),
    ).toEqual(['a#2', 'b#2']);
    second.crash();
  });

  it('publishes a send of several messages whole or not at all, even when the process dies mid-write', async () => {
    const first = boot();
    await first.bus.send('products', message({ messageId: 'before' }));
    await first.bus.send(
      'products',
      ids(3, 'batch').map((messageId) => message({ messageId, body: { pad: 'x'.repeat(200) } })),
    );
    first.crash();
    const file = path.join(dir, 'journal.log');
    const size = fs.statSync(file).size;
    fs.truncateSync(file, size - 150); // a torn final write: the last send's record is cut short

    const second = boot();
    expect(statsOf(second.bus, 'products', 'sales').active).toBe(1);
    expect(statsOf(second.bus, 'products', 'menu').active).toBe(1);
    // The torn send never returned, so its ids were never seen and its sequence numbers are free.
    await second.bus.send(
      'products',
      ids(3, 'batch').map((messageId) => message({ messageId })),
    );
    const got = await drain(second.bus, 'products', 'sales');
    expect(got.map((m) => [m.messageId, m.sequenceNumber])).toEqual([
      ['before', 1],
      ['batch-1', 2],
      ['batch-2', 3],
      ['batch-3', 4],
    ]);
    second.crash();
  });

  it('reloads a complete multi-message send whole', async () => {
    const first = boot();
    await first.bus.send(
      'products',
      ids(3, 'batch').map((messageId) => message({ messageId })),
    );
    first.crash();
    const second = boot();
    expect(statsOf(second.bus, 'products', 'sales').active).toBe(3);
    expect(statsOf(second.bus, 'products', 'menu').active).toBe(3);
    second.crash();
  });
});
