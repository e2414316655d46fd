import * as fs from 'node:fs';
import { Journal } from '../persistence/journal';
import { drain, manualClock, message, recorder, statsOf, tempDir } from './bus-test-kit';
import { EmbeddedBus } from './embedded-bus';
import type { Topology } from './topology-types';

const MINUTE = 60_000;

const topology: Topology = {
  topics: [
    { name: 'sales', subscriptions: [{ name: 'pos' }] },
    { name: 'bank', duplicateDetectionWindowMs: MINUTE, subscriptions: [{ name: 'pos' }] },
    { name: 'menu', duplicateDetectionWindowMs: 0, subscriptions: [{ name: 'web' }] },
  ],
};

describe('EmbeddedBus duplicate detection', () => {
  it('delivers a message id once within the default 10-minute window, and again once it has passed', async () => {
    const clock = manualClock();
    const bus = new EmbeddedBus({ journal: Journal.open(), clock, topology });
    const r = recorder();
    bus.subscribe('sales', 'pos', r.handler, { maxConcurrentCalls: 1 });
    await bus.send('sales', message({ messageId: 'o1:placed', body: { first: true } }));
    clock.advance(10 * MINUTE - 1);
    await bus.send('sales', message({ messageId: 'o1:placed', body: { first: false } }));
    await bus.send('sales', message({ messageId: 'sentinel-1' }));
    await r.until(2);
    expect(r.ids()).toEqual(['o1:placed', 'sentinel-1']);
    expect(r.received[0].body).toEqual({ first: true });

    clock.advance(1);
    await bus.send('sales', message({ messageId: 'o1:placed', body: { again: true } }));
    await r.until(3);
    expect(r.received[2]).toMatchObject({ messageId: 'o1:placed', body: { again: true }, sequenceNumber: 3 });
    await bus.close();
  });

  it('counts the window from the first acceptance, not from the latest duplicate', async () => {
    const clock = manualClock();
    const bus = new EmbeddedBus({ journal: Journal.open(), clock, topology });
    await bus.send('bank', message({ messageId: 'charge-1' }));
    clock.advance(40_000);
    await bus.send('bank', message({ messageId: 'charge-1' }));
    clock.advance(20_000);
    await bus.send('bank', message({ messageId: 'charge-1' }));
    expect(statsOf(bus, 'bank', 'pos').active).toBe(2);
  });

  it('drops a repeated id inside one send, and a duplicate takes no sequence number', async () => {
    const bus = new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology });
    await bus.send('sales', [
      message({ messageId: 'a' }),
      message({ messageId: 'a' }),
      message({ messageId: 'b' }),
    ]);
    await bus.send('sales', message({ messageId: 'a' }));
    await bus.send('sales', message({ messageId: 'c' }));
    const got = await drain(bus, 'sales', 'pos');
    expect(got.map((m) => [m.messageId, m.sequenceNumber])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('is off for a topic whose window is 0', async () => {
    const bus = new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology });
    await bus.send('menu', [message({ messageId: 'price' }), message({ messageId: 'price' })]);
    expect(statsOf(bus, 'menu', 'web').active).toBe(2);
  });

  it('remembers seen ids across a restart and still lets them expire on the clock', async () => {
    const dir = tempDir();
    try {
      const clock = manualClock();
      let journal = Journal.open({ directory: dir });
      let bus = new EmbeddedBus({ journal, clock, topology });
      await bus.send('bank', message({ messageId: 'charge-9' }));
      await drain(bus, 'bank', 'pos');
      await bus.close();
      journal.close();

      journal = Journal.open({ directory: dir });
      bus = new EmbeddedBus({ journal, clock, topology });
      await bus.send('bank', message({ messageId: 'charge-9' }));
      expect(statsOf(bus, 'bank', 'pos').active).toBe(0);
      clock.advance(MINUTE);
      await bus.send('bank', message({ messageId: 'charge-9' }));
      expect(statsOf(bus, 'bank', 'pos').active).toBe(1);
      journal.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
