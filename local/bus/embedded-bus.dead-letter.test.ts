import * as fs from 'node:fs';
import { Journal } from '../persistence/journal';
import { manualClock, message, recorder, statsOf, tempDir } from './bus-test-kit';
import { EmbeddedBus } from './embedded-bus';
import type { Topology } from './topology-types';

const topology: Topology = {
  topics: [
    {
      name: 'pos',
      subscriptions: [
        { name: 'bank', maxDeliveryCount: 2 },
        { name: 'users', maxDeliveryCount: 2 },
      ],
    },
  ],
};

/** Dead-letters the given messages on pos/bank by failing them twice. */
async function deadLetter(bus: EmbeddedBus, ids: string[]): Promise<void> {
  const r = recorder(async () => {
    throw new Error('bank offline');
  });
  const sub = bus.subscribe('pos', 'bank', r.handler);
  await bus.send(
    'pos',
    ids.map((messageId) => message({ messageId, body: { messageId } })),
  );
  await r.until(ids.length * 2);
  await sub.close();
}

describe('EmbeddedBus dead-letter queue', () => {
  it('resubmits chosen dead letters as fresh messages (deliveryCount restarts, new sequence number)', async () => {
    const clock = manualClock();
    const bus = new EmbeddedBus({ journal: Journal.open(), clock, topology });
    await deadLetter(bus, ['c1', 'c2', 'c3']);
    expect(bus.deadLetters('pos', 'bank').map((d) => d.messageId)).toEqual(['c1', 'c2', 'c3']);

    clock.advance(5_000);
    expect(bus.resubmit('pos', 'bank', ['c2', 'unknown'])).toBe(1);
    expect(statsOf(bus, 'pos', 'bank')).toEqual({ active: 1, inFlight: 0, deadLettered: 2 });
    const r = recorder();
    bus.subscribe('pos', 'bank', r.handler);
    await r.until(1);
    await bus.close();
    expect(r.received[0]).toMatchObject({
      messageId: 'c2',
      body: { messageId: 'c2' },
      deliveryCount: 1,
      sequenceNumber: 4,
      enqueuedTimeUtc: '2025-03-01T06:00:05.000Z',
    });
    expect(statsOf(bus, 'pos', 'bank')).toEqual({ active: 0, inFlight: 0, deadLettered: 2 });
    expect(statsOf(bus, 'pos', 'users').active).toBe(3); // another subscription's copies are its own
  });

  it('resubmits all when no ids are given, and counts nothing when the queue is empty', async () => {
    const bus = new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology });
    expect(bus.resubmit('pos', 'bank')).toBe(0);
    await deadLetter(bus, ['d1', 'd2']);
    expect(bus.resubmit('pos', 'bank')).toBe(2);
    expect(statsOf(bus, 'pos', 'bank')).toEqual({ active: 2, inFlight: 0, deadLettered: 0 });
  });

  it('purges chosen or all dead letters', async () => {
    const bus = new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology });
    await deadLetter(bus, ['p1', 'p2', 'p3']);
    expect(bus.purgeDeadLetters('pos', 'bank', ['p1'])).toBe(1);
    expect(bus.deadLetters('pos', 'bank').map((d) => d.messageId)).toEqual(['p2', 'p3']);
    expect(bus.purgeDeadLetters('pos', 'bank')).toBe(2);
    expect(bus.deadLetters('pos', 'bank')).toEqual([]);
    expect(statsOf(bus, 'pos', 'bank')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
  });

  it('keeps dead letters and resubmissions across a restart', async () => {
    const dir = tempDir();
    try {
      let journal = Journal.open({ directory: dir });
      let bus = new EmbeddedBus({ journal, clock: manualClock(), topology });
      await deadLetter(bus, ['r1', 'r2']);
      bus.resubmit('pos', 'bank', ['r1']);
      await bus.close();
      journal.close();

      journal = Journal.open({ directory: dir });
      bus = new EmbeddedBus({ journal, clock: manualClock(), topology });
      expect(bus.deadLetters('pos', 'bank')).toEqual([
        expect.objectContaining({
          messageId: 'r2',
          deadLetterReason: 'MaxDeliveryCountExceeded',
          deadLetterErrorDescription: 'bank offline',
        }),
      ]);
      const r = recorder();
      bus.subscribe('pos', 'bank', r.handler);
      await r.until(1);
      await bus.close();
      expect(r.received.map((m) => [m.messageId, m.deliveryCount])).toEqual([['r1', 1]]);
      journal.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
