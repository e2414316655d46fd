import {
  ALL_BUT_PRODUCTION,
  MINUTE,
  OPENING,
  eventsOf,
  startBuyingBakery,
  type BuyingBakery,
  type Customer,
} from './support/buying-harness';

/**
 * Buying at the edges (issue 11): the open-order limit must not leak on any way an order ends; an
 * order is priced as of when it was placed even if the price changes before pos prices it; an item
 * that goes stale while its order waits for the bank is still handed over (it was sellable when
 * reserved) and never swept; a payment the bank approved in time but the sales person heard of too
 * late is given back.
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING + 40 * MINUTE, services: ALL_BUT_PRODUCTION });
  await bakery.bake('bread', 40);
}, 120_000);
afterAll(() => bakery?.stop());
afterEach(() => {
  for (const s of bakery.runtime.bus.stats().filter((x) => x.held))
    bakery.runtime.bus.release(s.topic, s.subscription);
});

const bread = [{ productId: 'bread', quantity: 1 }];
const later = (ms: number) => bakery.advanceTo(bakery.runtime.clock.now() + ms);

describe('the open-order limit (3)', () => {
  it('is freed by every way an order ends, and holds against a fourth order while three are open', async () => {
    const kim = await bakery.signIn('kim');
    // Declined (no money), rejected (no muffins baked), timed out twice, completed.
    expect(await bakery.buy(kim, bread)).toMatchObject({ status: 'cancelled', reason: 'insufficient-funds' });
    await bakery.deposit(kim, 10_000);
    expect(await bakery.buy(kim, [{ productId: 'muffin', quantity: 1 }])).toMatchObject({
      status: 'rejected',
      reason: 'out-of-stock',
    });
    bakery.runtime.bus.hold('sales', 'products');
    const slowShelves = await bakery.place(kim, bread);
    await bakery.quiet();
    await later(10 * MINUTE);
    bakery.runtime.bus.release('sales', 'products');
    expect(await bakery.final(kim, slowShelves.json.id)).toMatchObject({ reason: 'reservation-timeout' });
    bakery.runtime.bus.hold('pos', 'bank');
    const slowBank = await bakery.place(kim, bread);
    await bakery.quiet();
    await later(10 * MINUTE);
    bakery.runtime.bus.release('pos', 'bank');
    expect(await bakery.final(kim, slowBank.json.id)).toMatchObject({ reason: 'payment-timeout' });
    expect(await bakery.buy(kim, bread)).toMatchObject({ status: 'completed' });

    // Five ended orders later, three may still be open at once, not four.
    bakery.runtime.bus.hold('sales', 'products');
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await bakery.place(kim, bread));
    expect(open.map((r) => r.status)).toEqual([202, 202, 202]);
    const fourth = await bakery.place(kim, bread);
    expect(fourth.status).toBe(429);
    expect(fourth.json.code).toBe('BAKERY_TOO_MANY_OPEN_ORDERS');
    bakery.runtime.bus.release('sales', 'products');
    for (const r of open) expect(await bakery.final(kim, r.json.id)).toMatchObject({ status: 'completed' });
    expect(await bakery.buy(kim, bread)).toMatchObject({ status: 'completed' });
    await bakery.expectInvariants();
    await bakery.expectPicture(kim);
  });

  it('concurrent POSTs cannot open more than three', async () => {
    const lou = await bakery.signIn('lou');
    await bakery.deposit(lou, 10_000);
    bakery.runtime.bus.hold('sales', 'products');
    const burst = await Promise.all(Array.from({ length: 8 }, () => bakery.place(lou, bread)));
    expect(burst.filter((r) => r.status === 202)).toHaveLength(3);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(5);
    bakery.runtime.bus.release('sales', 'products');
    await bakery.quiet();
    const mine = (await bakery.get(lou, '/api/orders')).json.orders;
    expect(mine).toHaveLength(3);
    await bakery.expectInvariants();
  });
});

describe('prices as of placedAt', () => {
  it('a price rise between placing and pricing is not charged; the next order pays it', async () => {
    const mia = await bakery.signIn('mia');
    await bakery.deposit(mia, 10_000);
    const staff = await bakery.staffToken();
    // pos stops reading the sales topic: payment.requested waits while the price changes.
    bakery.runtime.bus.hold('sales', 'pos');
    const placed = await bakery.place(mia, bread);
    await bakery.quiet();
    await later(MINUTE);
    const put = await fetch(`${bakery.baseUrl}/api/menu/items/bread`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ price: { amount: 900, currency: 'AUD' } }),
    });
    expect(put.status).toBe(200);
    await bakery.quiet();
    bakery.runtime.bus.release('sales', 'pos');
    const old = await bakery.final(mia, placed.json.id);
    expect(old).toMatchObject({ status: 'completed', total: { amount: 800 } });
    const receipt = (await bakery.get(mia, `/api/pos/receipts/${placed.json.id}`)).json;
    expect(receipt.lines[0]).toMatchObject({ listPrice: { amount: 800 }, unitPrice: { amount: 800 } });
    expect(await bakery.buy(mia, bread)).toMatchObject({ status: 'completed', total: { amount: 900 } });
    await bakery.expectInvariants();
  });
});

describe('menu changes arriving out of order', () => {
  it('an older price heard after a newer one does not overwrite it (pos and sales keep the newest version)', async () => {
    const quin = await bakery.signIn('quin');
    await bakery.deposit(quin, 10_000);
    const staff = await bakery.staffToken();
    const put = (amount: number) =>
      fetch(`${bakery.baseUrl}/api/menu/items/bread`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ price: { amount, currency: 'AUD' } }),
      });
    expect((await put(950)).status).toBe(200);
    await later(MINUTE);
    expect((await put(1000)).status).toBe(200);
    await bakery.quiet();
    const changes = eventsOf(bakery, 'bakery.menu-item.changed.v1').filter(
      (e) => (e.data as { productId: string }).productId === 'bread',
    );
    const stale = changes.find((e) => (e.data as { price: { amount: number } }).price.amount === 950)!;
    expect(stale).toBeDefined();
    await bakery.resend(stale);
    await bakery.quiet();
    await later(MINUTE);
    expect(await bakery.buy(quin, bread)).toMatchObject({ status: 'completed', total: { amount: 1000 } });
    await bakery.expectInvariants();
  });
});

describe('stale while waiting for the bank', () => {
  it('an item that expires while its order waits is not swept, and is handed over', async () => {
    const ned = await bakery.signIn('ned');
    await bakery.deposit(ned, 10_000);
    // The stale sweep runs every 15 minutes (quarter hours); come to 2 minutes before the next one.
    const quarter = 15 * MINUTE;
    const sweep = Math.ceil((bakery.runtime.clock.now() + 3 * MINUTE) / quarter) * quarter;
    await bakery.advanceTo(sweep - 2 * MINUTE);
    const [donut] = await bakery.bake('donut', 1, 90_000); // stale 30 s before the sweep
    bakery.runtime.bus.hold('pos', 'bank');
    const placed = await bakery.place(ned, [{ productId: 'donut', quantity: 1 }]);
    await bakery.quiet();
    expect((await bakery.order(ned, placed.json.id)).status).toBe('reserved');
    await bakery.advanceTo(sweep + MINUTE);
    const shelf = await bakery.shelf('donut');
    expect(shelf.items.map((i: any) => [i.id, i.reserved])).toEqual([[donut, true]]);
    bakery.runtime.bus.release('pos', 'bank');
    const order = await bakery.final(ned, placed.json.id);
    expect(order).toMatchObject({ status: 'completed', items: [{ id: donut, productId: 'donut' }] });
    await bakery.expectInvariants();
  });
});

describe('a reservation the sales person heard of too late', () => {
  it('products reserved in time, sales timed out first: no payment asked, the items released', async () => {
    const pat = await bakery.signIn('pat');
    await bakery.deposit(pat, 10_000);
    const before = (await bakery.shelf('bread')).available;
    // Sales stops reading the products topic: order.reserved waits.
    bakery.runtime.bus.hold('products', 'sales');
    const placed = await bakery.place(pat, bread);
    await bakery.quiet();
    expect((await bakery.shelf('bread')).reserved).toBe(1);
    await later(10 * MINUTE);
    expect(await bakery.order(pat, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'reservation-timeout',
    });
    bakery.runtime.bus.release('products', 'sales');
    expect(await bakery.final(pat, placed.json.id)).toMatchObject({ reason: 'reservation-timeout' });
    expect(eventsOf(bakery, 'bakery.payment.requested.v1', placed.json.id)).toEqual([]);
    expect((await bakery.shelf('bread')).reserved).toBe(0);
    expect((await bakery.shelf('bread')).available).toBe(before);
    expect(await bakery.balance(pat)).toBe(10_000);
    await bakery.expectInvariants();
  });
});

describe('a payment the sales person heard of too late', () => {
  async function lateHearing(customer: Customer) {
    // The bank approves at once, but sales stops reading pos's topic: payment.succeeded waits.
    const price = (await bakery.menu()).items.find((i) => i.productId === 'bread')!.currentPrice
      .amount as number;
    bakery.runtime.bus.hold('pos', 'sales');
    const placed = await bakery.place(customer, bread);
    await bakery.quiet();
    expect((await bakery.order(customer, placed.json.id)).status).toBe('reserved');
    expect(await bakery.balance(customer)).toBe(10_000 - price);
    await later(10 * MINUTE);
    expect(await bakery.order(customer, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'payment-timeout',
    });
    bakery.runtime.bus.release('pos', 'sales');
    return { order: await bakery.final(customer, placed.json.id), price };
  }

  it('approved by the bank in time, cancelled by sales on its timeout: refunded, items back', async () => {
    const oli = await bakery.signIn('oli');
    await bakery.deposit(oli, 10_000);
    const before = (await bakery.shelf('bread')).available;
    const { order, price } = await lateHearing(oli);
    expect(order).toMatchObject({ status: 'cancelled', refunded: { amount: price } });
    expect(await bakery.balance(oli)).toBe(10_000);
    expect((await bakery.shelf('bread')).available).toBe(before);
    expect(eventsOf(bakery, 'bakery.charge.refunded.v1', order.id)).toHaveLength(1);
    expect((await bakery.get(oli, `/api/pos/receipts/${order.id}`)).json.status).toBe('refunded');
    await bakery.expectInvariants();
    await bakery.expectPicture(oli);
  });
});
