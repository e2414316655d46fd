import { deferred, message, newSalesBus, numbered, recorder, statsOf } from './bus-test-kit';
import type { ReceivedMessage } from './embedded-bus';

describe('EmbeddedBus retries and dead-lettering', () => {
  it('redelivers a failing message, then dead-letters it with the error after maxDeliveryCount', async () => {
    const bus = newSalesBus();
    const r = recorder(async () => {
      throw new Error('oven on fire');
    });
    const sub = bus.subscribe('sales', 'pos', r.handler);
    await bus.send('sales', message({ messageId: 'poison', body: { bad: true } }));
    await r.until(3);
    await sub.close();
    expect(r.received.map((m) => m.deliveryCount)).toEqual([1, 2, 3]);
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 0, deadLettered: 1 });
    expect(bus.deadLetters('sales', 'pos')).toEqual([
      expect.objectContaining({
        messageId: 'poison',
        body: { bad: true },
        deliveryCount: 3,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: 'oven on fire',
        deadLetteredAt: '2025-03-01T06:00:00.000Z',
      }),
    ]);
    expect(statsOf(bus, 'sales', 'products').active).toBe(1); // the other subscription's copy is untouched
  });

  it('treats a synchronous throw or a non-Error rejection like a failure', async () => {
    const bus = newSalesBus();
    const syncCalls: number[] = [];
    const syncDone = deferred();
    const sub = bus.subscribe('sales', 'pos', (m: ReceivedMessage) => {
      syncCalls.push(m.deliveryCount);
      if (syncCalls.length === 3) syncDone.resolve();
      throw new Error('sync boom');
    });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a handler may reject with a non-Error
    const r = recorder(() => Promise.reject('plain string'));
    bus.subscribe('sales', 'products', r.handler);
    await bus.send('sales', message({ messageId: 'x' }));
    await Promise.all([r.until(3), syncDone.promise]);
    await sub.close();
    await bus.close();
    expect(syncCalls).toEqual([1, 2, 3]);
    expect(bus.deadLetters('sales', 'pos')[0]?.deadLetterErrorDescription).toBe('sync boom');
    expect(bus.deadLetters('sales', 'products')[0]?.deadLetterErrorDescription).toBe('plain string');
  });

  it('completes a message whose handler fails twice then succeeds, and keeps order across the retries', async () => {
    const bus = newSalesBus();
    const r = recorder(async (m) => {
      if (m.messageId === 'order-1' && m.deliveryCount < 3) throw new Error(`attempt ${m.deliveryCount}`);
    });
    bus.subscribe('sales', 'pos', r.handler, { maxConcurrentCalls: 1 });
    await bus.send('sales', numbered(3));
    await r.until(5);
    await bus.close();
    expect(r.received.map((m) => `${m.messageId}#${m.deliveryCount}`)).toEqual([
      'order-1#1',
      'order-1#2',
      'order-1#3',
      'order-2#1',
      'order-3#1',
    ]);
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
  });

  it('gives each delivery a fresh body, frozen at send time', async () => {
    const bus = newSalesBus();
    const body = { at: new Date('2025-03-01T08:00:00Z'), lines: [1] };
    const r = recorder(async (m) => {
      (m.body as { lines: number[] }).lines.push(99);
      if (m.deliveryCount === 1) throw new Error('retry me');
    });
    bus.subscribe('sales', 'pos', r.handler);
    await bus.send('sales', message({ body }));
    body.lines.push(2);
    await r.until(2);
    expect(r.received[1].body).toEqual({ at: '2025-03-01T08:00:00.000Z', lines: [1, 99] });
    expect(r.received[0].lockToken).not.toBe(r.received[1].lockToken);
  });

  it('hands a message out again when its lock expires, ignoring the late outcome of the first delivery', async () => {
    const bus = newSalesBus();
    const firstGate = deferred();
    const r = recorder((m) => (m.deliveryCount === 1 ? firstGate.promise : Promise.resolve()));
    bus.subscribe('sales', 'users', r.handler, { maxConcurrentCalls: 2 });
    await bus.send('sales', message({ messageId: 'slow' }));
    await r.until(2); // lockDurationMs is 50 for this subscription
    expect(r.received.map((m) => m.deliveryCount)).toEqual([1, 2]);
    firstGate.reject(new Error('too late'));
    await bus.close();
    expect(statsOf(bus, 'sales', 'users')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
    expect(r.received).toHaveLength(2);
  });
});
