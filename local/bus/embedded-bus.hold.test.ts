import { deferred, newSalesBus, numbered, recorder, statsOf } from './bus-test-kit';

/** hold/release: a test's way to stall one consumer (e.g. a late payment) without losing anything. */
describe('EmbeddedBus hold and release', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('keeps a held subscription queued while the others deliver, then delivers in order on release', async () => {
    const bus = newSalesBus();
    const pos = recorder();
    const products = recorder();
    bus.subscribe('sales', 'pos', pos.handler, { maxConcurrentCalls: 1 });
    bus.subscribe('sales', 'products', products.handler);
    bus.hold('sales', 'pos');
    await bus.send('sales', numbered(3));
    await products.until(3);
    await settle();
    expect(pos.received).toHaveLength(0);
    expect(bus.stats().find((s) => s.topic === 'sales' && s.subscription === 'pos')).toMatchObject({
      active: 3,
      inFlight: 0,
      held: true,
    });

    bus.release('sales', 'pos');
    await pos.until(3);
    expect(pos.ids()).toEqual(['order-1', 'order-2', 'order-3']);
    expect(pos.received.map((m) => m.deliveryCount)).toEqual([1, 1, 1]);
    await settle();
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 0, inFlight: 0, deadLettered: 0 });
    expect(bus.stats().find((s) => s.subscription === 'pos')?.held).toBe(false);
    await bus.close();
  });

  it('holds before a receiver attaches, and lets a running call finish while new ones wait', async () => {
    const bus = newSalesBus();
    bus.hold('sales', 'pos');
    await bus.send('sales', numbered(2));
    const r = recorder();
    bus.subscribe('sales', 'pos', r.handler, { maxConcurrentCalls: 1 });
    await settle();
    expect(r.received).toHaveLength(0);

    bus.release('sales', 'pos');
    await r.until(2);

    await bus.close();
  });

  it('lets a call already running finish while what arrives after the hold waits', async () => {
    const bus = newSalesBus();
    const gate = deferred();
    const slow = recorder(() => gate.promise);
    bus.subscribe('sales', 'products', slow.handler, { maxConcurrentCalls: 1 });
    await bus.send('sales', numbered(1));
    await slow.until(1);
    bus.hold('sales', 'products');
    await bus.send(
      'sales',
      numbered(2).map((m) => ({ ...m, messageId: `late-${m.messageId}` })),
    );
    gate.resolve();
    await settle();
    expect(slow.ids()).toEqual(['order-1']);
    expect(statsOf(bus, 'sales', 'products')).toEqual({ active: 2, inFlight: 0, deadLettered: 0 });
    bus.release('sales', 'products');
    await slow.until(3);
    expect(slow.ids()).toEqual(['order-1', 'late-order-1', 'late-order-2']);
    await bus.close();
  });

  it('a failing call under a hold is put back, not redelivered, until release', async () => {
    const bus = newSalesBus();
    const gate = deferred();
    const r = recorder(async (_m, seen) => {
      if (seen === 1) {
        await gate.promise;
        throw new Error('transient');
      }
    });
    bus.subscribe('sales', 'pos', r.handler, { maxConcurrentCalls: 1 });
    await bus.send('sales', numbered(1));
    await r.until(1);
    bus.hold('sales', 'pos');
    gate.resolve();
    await settle();
    expect(r.received).toHaveLength(1);
    expect(statsOf(bus, 'sales', 'pos')).toEqual({ active: 1, inFlight: 0, deadLettered: 0 });
    bus.release('sales', 'pos');
    await r.until(2);
    expect(r.received[1].deliveryCount).toBe(2);
    await bus.close();
  });

  it('refuses an unknown subscription', () => {
    const bus = newSalesBus();
    expect(() => bus.hold('sales', 'nobody')).toThrow("unknown subscription 'nobody' on topic 'sales'");
    expect(() => bus.release('nowhere', 'pos')).toThrow("unknown topic 'nowhere'");
  });
});
