import {
  ALL_BUT_PRODUCTION,
  MINUTE,
  OPENING,
  eventsOf,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/**
 * Buying when the plumbing misbehaves (issue 11): duplicated and redelivered events at every step of
 * the saga, a bank handler that fails and recovers, a payment that times out and is approved late, a
 * reservation that times out. Production is not loaded (the test bakes), so stock is exact; every
 * scenario ends with the invariant checker finding nothing wrong.
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING + 30 * MINUTE, services: ALL_BUT_PRODUCTION });
  await bakery.bake('bread', 40);
  await bakery.bake('croissant', 40);
}, 120_000);
afterAll(() => bakery?.stop());
afterEach(() => {
  bakery.onPublish = undefined;
  bakery.runtime.faults.clear();
  for (const s of bakery.runtime.bus.stats().filter((x) => x.held))
    bakery.runtime.bus.release(s.topic, s.subscription);
});

const lines = [
  { productId: 'bread', quantity: 2 },
  { productId: 'croissant', quantity: 1 },
];
const TOTAL = 2 * 800 + 450;
/** The Service Bus-triggered functions of the saga's services, as the runtime registered them. */
const serviceBusFunctions = () =>
  bakery.runtime.functions
    .filter((f) => String(f.trigger.type).toLowerCase() === 'servicebustrigger')
    .map((f) => f.name)
    .filter((name) => /^(sales|pos|bank|products)-on-/.test(name));

async function customerWith(amount: number) {
  const customer = await bakery.signIn();
  if (amount > 0) await bakery.deposit(customer, amount);
  return customer;
}

async function expectCompletedOnce(customer: Awaited<ReturnType<typeof customerWith>>, orderId: string) {
  const order = await bakery.final(customer, orderId);
  expect(order).toMatchObject({ status: 'completed', total: { amount: TOTAL } });
  expect(order.items).toHaveLength(3);
  const charges = (await bakery.get(customer, '/api/bank/accounts/me/transactions')).json.items.filter(
    (t: any) => t.type !== 'deposit',
  );
  expect(charges).toEqual([
    expect.objectContaining({ type: 'charge', orderId, amount: { amount: TOTAL, currency: 'AUD' } }),
  ]);
  return order;
}

describe('duplicated events at every step of the saga', () => {
  it('every event published twice as it goes (a copy the broker does not catch): one charge, one set of items', async () => {
    const ann = await customerWith(10_000);
    const copied: string[] = [];
    bakery.onPublish = async (_topic, messages) => {
      for (const m of messages) {
        copied.push((m.body as { type: string }).type);
        await bakery.resend(m.body as any);
      }
    };
    const placed = await bakery.place(ann, lines);
    expect(placed.status).toBe(202);
    await bakery.quiet();
    bakery.onPublish = undefined;
    await expectCompletedOnce(ann, placed.json.id);
    expect(await bakery.balance(ann)).toBe(10_000 - TOTAL);
    // Every step of the saga happened once (a republication keeps its deterministic id), and was sent twice.
    for (const type of [
      'bakery.order.placed.v1',
      'bakery.order.reserved.v1',
      'bakery.payment.requested.v1',
      'bakery.charge.requested.v1',
      'bakery.charge.approved.v1',
      'bakery.payment.succeeded.v1',
      'bakery.order.paid.v1',
      'bakery.order.handed-over.v1',
      'bakery.order.completed.v1',
    ])
      expect([
        new Set(eventsOf(bakery, type, placed.json.id).map((e) => e.id)).size,
        copied.includes(type),
      ]).toEqual([1, true]);
    await bakery.expectInvariants();
    await bakery.expectPicture(ann);
  });

  it('the decline path with every event doubled: cancelled, nothing charged, nothing kept', async () => {
    const bob = await customerWith(100);
    bakery.onPublish = async (_topic, messages) => {
      for (const m of messages) await bakery.resend(m.body as any);
    };
    const placed = await bakery.place(bob, lines);
    await bakery.quiet();
    bakery.onPublish = undefined;
    expect(await bakery.final(bob, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'insufficient-funds',
    });
    expect(await bakery.balance(bob)).toBe(100);
    expect((await bakery.shelf('bread')).reserved).toBe(0);
    await bakery.expectInvariants();
  });

  it('every event of a finished order sent again later: nothing changes', async () => {
    const cy = await customerWith(10_000);
    const order = await bakery.buy(cy, lines);
    expect(order.status).toBe('completed');
    const before = { balance: await bakery.balance(cy), bread: (await bakery.shelf('bread')).available };
    const mine = bakery.published.filter((e) => (e.data as { orderId?: string }).orderId === order.id);
    expect(mine.length).toBeGreaterThanOrEqual(9);
    for (const event of mine) await bakery.resend(event);
    await bakery.quiet();
    expect(await bakery.order(cy, order.id)).toEqual(order);
    expect({ balance: await bakery.balance(cy), bread: (await bakery.shelf('bread')).available }).toEqual(
      before,
    );
    await expectCompletedOnce(cy, order.id);
    await bakery.expectInvariants();
  });
});

describe('redelivered events at every step of the saga', () => {
  it("each consumer's first delivery fails after its work is done; the broker redelivers: nothing twice", async () => {
    const dee = await customerWith(10_000);
    const names = serviceBusFunctions();
    expect(names).toEqual(
      expect.arrayContaining([
        'sales-on-products',
        'sales-on-pos',
        'pos-on-sales',
        'pos-on-bank',
        'bank-on-pos',
        'products-on-sales',
      ]),
    );
    for (const name of names) bakery.runtime.faults.failNext(name, 1, { when: 'after' });
    const placed = await bakery.place(dee, lines);
    await bakery.quiet();
    await expectCompletedOnce(dee, placed.json.id);
    for (const name of [
      'sales-on-products',
      'pos-on-sales',
      'pos-on-bank',
      'bank-on-pos',
      'products-on-sales',
    ])
      expect(bakery.runtime.faults.injected(name)).toBe(1);
    expect(await bakery.balance(dee)).toBe(10_000 - TOTAL);
    await bakery.expectInvariants();
  });

  it('each consumer fails twice before doing anything, then succeeds', async () => {
    const eve = await customerWith(10_000);
    for (const name of serviceBusFunctions()) bakery.runtime.faults.failNext(name, 2);
    const placed = await bakery.place(eve, lines);
    await bakery.quiet();
    await expectCompletedOnce(eve, placed.json.id);
    await bakery.expectInvariants();
  });

  it("the bank's charge handler fails transiently, then succeeds: charged once", async () => {
    const fay = await customerWith(10_000);
    bakery.runtime.faults.failNext('bank-on-pos', 3);
    const placed = await bakery.place(fay, lines);
    await bakery.quiet();
    expect(bakery.runtime.faults.injected('bank-on-pos')).toBe(3);
    await expectCompletedOnce(fay, placed.json.id);
    expect(eventsOf(bakery, 'bakery.charge.approved.v1', placed.json.id)).toHaveLength(1);
    await bakery.expectInvariants();
  });
});

describe('the outbox relays fail after publishing', () => {
  it('every change-feed function fails once after its work: republished with the same ids, nothing twice', async () => {
    const jo = await customerWith(10_000);
    const relays = bakery.runtime.functions
      .filter((f) => String(f.trigger.type).toLowerCase() === 'cosmosdbtrigger')
      .map((f) => f.name);
    expect(relays.length).toBeGreaterThanOrEqual(3);
    for (const name of relays) bakery.runtime.faults.failNext(name, 1, { when: 'after' });
    const placed = await bakery.place(jo, lines);
    await bakery.quiet();
    await expectCompletedOnce(jo, placed.json.id);
    expect(relays.filter((name) => bakery.runtime.faults.injected(name) === 1).length).toBeGreaterThanOrEqual(
      3,
    );
    await bakery.expectInvariants();
    await bakery.expectPicture(jo);
  });
});

describe("the services' own durable steps fail transiently", () => {
  it('every activity fails once before it runs: the orchestrations retry and the order completes', async () => {
    const ivy = await customerWith(10_000);
    const activities = bakery.runtime.functions
      .filter((f) => String(f.trigger.type).toLowerCase() === 'activitytrigger')
      .map((f) => f.name);
    expect(activities).toEqual(expect.arrayContaining(['sales-record-step']));
    for (const name of activities) bakery.runtime.faults.failNext(name, 1);
    const placed = await bakery.place(ivy, lines);
    await bakery.quiet();
    // Retries wait on the bakery clock: let it run a little, a few seconds at a time.
    for (let i = 0; i < 30; i++) {
      const order = await bakery.order(ivy, placed.json.id);
      if (['completed', 'rejected', 'cancelled'].includes(order.status)) break;
      await bakery.advanceTo(bakery.runtime.clock.now() + 5_000);
    }
    await expectCompletedOnce(ivy, placed.json.id);
    expect(bakery.runtime.faults.injected('sales-record-step')).toBe(1);
    await bakery.expectInvariants();
  });
});

describe('timeouts', () => {
  it('a payment that times out and is then approved: refunded, money conserved, the items back on the shelf', async () => {
    const gus = await customerWith(10_000);
    const bread = (await bakery.shelf('bread')).available;
    // The bank stops reading pos's topic: the charge request waits.
    bakery.runtime.bus.hold('pos', 'bank');
    const placed = await bakery.place(gus, lines);
    await bakery.quiet();
    const waiting = await bakery.order(gus, placed.json.id);
    expect(waiting.status).toBe('reserved');
    expect(eventsOf(bakery, 'bakery.charge.requested.v1', placed.json.id)).toHaveLength(1);

    await bakery.advanceTo(bakery.runtime.clock.now() + 15 * MINUTE);
    const cancelled = await bakery.order(gus, placed.json.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'payment-timeout' });
    expect((await bakery.shelf('bread')).available).toBe(bread);
    expect((await bakery.shelf('bread')).reserved).toBe(0);
    expect(await bakery.balance(gus)).toBe(10_000);

    // The bank comes back and approves the stale charge: the money must come back.
    bakery.runtime.bus.release('pos', 'bank');
    await bakery.quiet();
    const after = await bakery.final(gus, placed.json.id);
    expect(after).toMatchObject({
      status: 'cancelled',
      reason: 'payment-timeout',
      refunded: { amount: TOTAL },
    });
    expect(after.items ?? []).toEqual([]);
    expect(await bakery.balance(gus)).toBe(10_000);
    const moves = (await bakery.get(gus, '/api/bank/accounts/me/transactions')).json.items.map((t: any) => [
      t.type,
      t.amount.amount,
    ]);
    expect(moves).toEqual([
      ['refund', TOTAL],
      ['charge', TOTAL],
      ['deposit', 10_000],
    ]);
    expect(eventsOf(bakery, 'bakery.refund.requested.v1', placed.json.id)).toHaveLength(1);
    const receipt = await bakery.get(gus, `/api/pos/receipts/${placed.json.id}`);
    expect(receipt.json).toMatchObject({ status: 'refunded' });
    await bakery.expectInvariants();
    await bakery.expectPicture(gus);
  });

  it('a reservation that times out: cancelled, nothing left reserved when the shelves finally hear of it', async () => {
    const hal = await customerWith(10_000);
    const bread = (await bakery.shelf('bread')).available;
    // Products stops reading the sales topic: order.placed waits.
    bakery.runtime.bus.hold('sales', 'products');
    const placed = await bakery.place(hal, lines);
    await bakery.quiet();
    expect((await bakery.order(hal, placed.json.id)).status).toBe('placed');
    await bakery.advanceTo(bakery.runtime.clock.now() + 15 * MINUTE);
    expect(await bakery.order(hal, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'reservation-timeout',
    });

    bakery.runtime.bus.release('sales', 'products');
    await bakery.quiet();
    expect(await bakery.final(hal, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'reservation-timeout',
    });
    expect((await bakery.shelf('bread')).reserved).toBe(0);
    expect((await bakery.shelf('bread')).available).toBe(bread);
    expect(await bakery.balance(hal)).toBe(10_000);
    expect(eventsOf(bakery, 'bakery.payment.requested.v1', placed.json.id)).toHaveLength(0);
    await bakery.expectInvariants();
  });

  it('a decline that arrives after the payment timed out changes nothing', async () => {
    const kai = await customerWith(100);
    bakery.runtime.bus.hold('pos', 'bank');
    const placed = await bakery.place(kai, lines);
    await bakery.quiet();
    await bakery.advanceTo(bakery.runtime.clock.now() + 15 * MINUTE);
    expect(await bakery.order(kai, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'payment-timeout',
    });
    bakery.runtime.bus.release('pos', 'bank');
    const order = await bakery.final(kai, placed.json.id);
    expect(order).toMatchObject({ status: 'cancelled', reason: 'payment-timeout' });
    expect(order.refunded).toBeUndefined();
    expect(eventsOf(bakery, 'bakery.charge.declined.v1', placed.json.id)).toHaveLength(1);
    expect(eventsOf(bakery, 'bakery.refund.requested.v1', placed.json.id)).toHaveLength(0);
    expect(await bakery.balance(kai)).toBe(100);
    await bakery.expectInvariants();
  });

  it('pos hears of the cancellation before the payment request (a redelivery reorders them): it never charges', async () => {
    const lee = await customerWith(10_000);
    // pos stops reading the sales topic: payment.requested, then order.cancelled, wait for it.
    bakery.runtime.bus.hold('sales', 'pos');
    const placed = await bakery.place(lee, lines);
    await bakery.quiet();
    await bakery.advanceTo(bakery.runtime.clock.now() + 15 * MINUTE);
    expect(await bakery.order(lee, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'payment-timeout',
    });
    // Both are delivered at once; the first (payment.requested) fails and comes back after order.cancelled.
    bakery.runtime.faults.failNext('pos-on-sales', 1);
    bakery.runtime.bus.release('sales', 'pos');
    await bakery.quiet();
    expect(bakery.runtime.faults.injected('pos-on-sales')).toBe(1);
    const order = await bakery.final(lee, placed.json.id);
    expect(order).toMatchObject({ status: 'cancelled', reason: 'payment-timeout' });
    expect(eventsOf(bakery, 'bakery.charge.requested.v1', placed.json.id)).toHaveLength(0);
    expect(await bakery.balance(lee)).toBe(10_000);
    await bakery.expectInvariants();
  });
});
