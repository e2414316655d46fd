import { deferred, manualClock, message, newSalesBus, numbered, recorder, statsOf } from './bus-test-kit';

describe('EmbeddedBus delivery', () => {
  it('delivers to a handler with the message, its metadata and deliveryCount 1', async () => {
    const clock = manualClock(Date.parse('2025-03-01T07:30:00Z'));
    const bus = newSalesBus(clock);
    const r = recorder();
    bus.subscribe('sales', 'pos', r.handler);
    await bus.send(
      'sales',
      message({
        messageId: 'o1:placed',
        body: { orderId: 'o1' },
        correlationId: 'o1',
        contentType: 'application/json',
        applicationProperties: { v: 1 },
      }),
    );
    await r.until(1);
    expect(r.received[0]).toEqual({
      messageId: 'o1:placed',
      body: { orderId: 'o1' },
      subject: 'bakery.batch.baked.v1',
      correlationId: 'o1',
      contentType: 'application/json',
      applicationProperties: { v: 1 },
      deliveryCount: 1,
      enqueuedTimeUtc: '2025-03-01T07:30:00.000Z',
      sequenceNumber: 1,
      lockToken: expect.any(String),
    });
    await bus.close();
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
  });

  it('keeps messages sent before anyone subscribed and delivers them on subscribe', async () => {
    const bus = newSalesBus();
    await bus.send('sales', numbered(3));
    expect(statsOf(bus, 'sales', 'pos').active).toBe(3);
    const r = recorder();
    bus.subscribe('sales', 'pos', r.handler);
    await r.until(3);
    expect(r.ids()).toEqual(['order-1', 'order-2', 'order-3']);
  });

  it('delivers 100 messages strictly in order with maxConcurrentCalls 1', async () => {
    const bus = newSalesBus();
    const r = recorder(() => new Promise((resolve) => setImmediate(resolve)));
    bus.subscribe('sales', 'pos', r.handler, { maxConcurrentCalls: 1 });
    for (const m of numbered(100)) await bus.send('sales', m);
    await r.until(100);
    expect(r.received.map((m) => (m.body as { n: number }).n)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(r.received.map((m) => m.sequenceNumber)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('never runs more than maxConcurrentCalls handlers at once, and does use them all', async () => {
    const bus = newSalesBus();
    let running = 0;
    let peak = 0;
    const r = recorder(async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
    });
    bus.subscribe('sales', 'pos', r.handler, { maxConcurrentCalls: 4 });
    await bus.send('sales', numbered(40));
    await r.until(40);
    await bus.close();
    expect(peak).toBe(4);
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
  });

  it('keeps a stuck handler on one subscription from delaying another on the same topic', async () => {
    const bus = newSalesBus();
    const gate = deferred();
    const stuck = recorder(() => gate.promise);
    const other = recorder();
    bus.subscribe('sales', 'pos', stuck.handler, { maxConcurrentCalls: 1 });
    bus.subscribe('sales', 'products', other.handler, { maxConcurrentCalls: 1 });
    await bus.send('sales', numbered(50));
    await other.until(50);
    expect(stuck.received).toHaveLength(1);
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 49, inFlight: 1, deadLettered: 0 });
    gate.resolve();
    await stuck.until(50);
    await bus.close();
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
  });

  it('lets a closed subscription be taken over by a new handler, which gets the rest', async () => {
    const bus = newSalesBus();
    const gate = deferred();
    const first = recorder(() => gate.promise);
    const sub = bus.subscribe('sales', 'pos', first.handler, { maxConcurrentCalls: 1 });
    await bus.send('sales', numbered(3));
    await first.until(1);
    const closing = sub.close();
    const second = recorder();
    bus.subscribe('sales', 'pos', second.handler);
    gate.reject(new Error('shutting down'));
    await closing;
    await second.until(3);
    expect(second.received.map((m) => `${m.messageId}#${m.deliveryCount}`).sort()).toEqual([
      'order-1#2',
      'order-2#1',
      'order-3#1',
    ]);
    expect(first.received).toHaveLength(1);
  });

  it('refuses sends and subscriptions once closed; close waits no longer than its timeout', async () => {
    const bus = newSalesBus();
    const r = recorder(() => new Promise(() => {}));
    bus.subscribe('sales', 'pos', r.handler);
    await bus.send('sales', message());
    await r.until(1);
    const started = Date.now();
    await bus.close({ timeoutMs: 30 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 1, deadLettered: 0 });
    await expect(bus.send('sales', message())).rejects.toThrow('closed');
    expect(() => bus.subscribe('sales', 'products', async () => {})).toThrow('closed');
  });
});
