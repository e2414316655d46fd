import { randomUUID } from 'node:crypto';
import { MINUTE, OPENING, startBuyingBakery, type BuyingBakery } from './support/buying-harness';

/**
 * Buying end to end (issue 11) with every service loaded, production baking on its own schedule:
 * customers sign in through the local provider's form, deposit, read the menu, order, and the
 * invariant checker finds nothing wrong after each scenario.
 *
 * At 07:01 the first batches are out: bread 5 (800), croissant 6 (450), baguette 4, muffin 6,
 * donuts 1 a minute.
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING - 30 * MINUTE });
  await bakery.advanceTo(OPENING + MINUTE);
}, 120_000);
afterAll(() => bakery?.stop());

const available = async (productId: string) =>
  (await bakery.menu()).items.find((i) => i.productId === productId)?.available as number;
const priceOf = async (productId: string) =>
  (await bakery.menu()).items.find((i) => i.productId === productId)?.currentPrice.amount as number;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

describe('buying: the happy path and the decline path, end to end', () => {
  it('with money in the bank, a customer orders from the menu, is charged and receives the items', async () => {
    const ann = await bakery.signIn('ann');
    await bakery.deposit(ann, 5000);
    const menu = await bakery.menu();
    expect(menu.open).toBe(true);
    const bread = menu.items.find((i) => i.productId === 'bread')!;
    const croissant = menu.items.find((i) => i.productId === 'croissant')!;
    expect(bread.available).toBeGreaterThanOrEqual(2);
    expect(croissant.available).toBeGreaterThanOrEqual(1);
    const total = 2 * bread.currentPrice.amount + croissant.currentPrice.amount;

    const placed = await bakery.place(ann, [
      { productId: 'bread', quantity: 2 },
      { productId: 'croissant', quantity: 1 },
    ]);
    expect(placed.status).toBe(202);
    expect(placed.json).toEqual({
      id: expect.any(String),
      status: 'placed',
      statusUrl: `/api/orders/${placed.json.id}`,
    });
    expect(placed.headers.get('location')).toBe(`/api/orders/${placed.json.id}`);

    const order = await bakery.final(ann, placed.json.id);
    expect(order).toMatchObject({
      id: placed.json.id,
      status: 'completed',
      total: { amount: total, currency: 'AUD' },
    });
    expect(order.items).toHaveLength(3);
    expect(order.items!.filter((i) => i.productId === 'bread')).toHaveLength(2);
    expect(order.items!.filter((i) => i.productId === 'croissant')).toHaveLength(1);
    expect(order.items!.every((i) => isUuid(i.id))).toBe(true);
    expect(new Set(order.items!.map((i) => i.id)).size).toBe(3);

    expect(await bakery.balance(ann)).toBe(5000 - total);
    const receipt = await bakery.get(ann, `/api/pos/receipts/${order.id}`);
    expect(receipt.status).toBe(200);
    expect(receipt.json).toMatchObject({ orderId: order.id, status: 'paid', total: { amount: total } });
    const transactions = (await bakery.get(ann, '/api/bank/accounts/me/transactions')).json.items;
    expect(transactions.filter((t: any) => t.type === 'charge')).toEqual([
      expect.objectContaining({ orderId: order.id, amount: { amount: total, currency: 'AUD' } }),
    ]);
    // The handed-over items left the shelves; nothing is still reserved.
    const shelf = await bakery.shelf('bread');
    expect(shelf.reserved).toBe(0);
    const onShelf = new Set(shelf.items.map((i: any) => i.id));
    expect(order.items!.some((i) => onShelf.has(i.id))).toBe(false);
    expect(await available('bread')).toBe(bread.available - 2);

    // Mine, newest first; another customer sees neither the order nor its receipt.
    expect((await bakery.get(ann, '/api/orders')).json.orders.map((o: any) => o.id)).toEqual([order.id]);
    const eve = await bakery.signIn('eve');
    expect((await bakery.get(eve, `/api/orders/${order.id}`)).status).toBe(404);
    expect((await bakery.get(eve, `/api/pos/receipts/${order.id}`)).status).toBe(404);
    await bakery.expectInvariants();
    await bakery.expectPicture(ann);
  });

  it('the bank declines: the order is cancelled, nothing is charged, the items go back on the shelf', async () => {
    const bob = await bakery.signIn('bob');
    const price = await priceOf('baguette');
    await bakery.deposit(bob, price - 1);
    const before = await available('baguette');
    const order = await bakery.buy(bob, [{ productId: 'baguette', quantity: 1 }]);
    expect(order).toMatchObject({ status: 'cancelled', reason: 'insufficient-funds' });
    expect(order.items ?? []).toEqual([]);
    expect(await bakery.balance(bob)).toBe(price - 1);
    expect(await available('baguette')).toBe(before);
    expect((await bakery.shelf('baguette')).reserved).toBe(0);
    const transactions = (await bakery.get(bob, '/api/bank/accounts/me/transactions')).json.items;
    expect(transactions.map((t: any) => t.type)).toEqual(['deposit']);
    await bakery.expectInvariants();
    await bakery.expectPicture(bob);
  });

  it('a customer who never deposited is declined too', async () => {
    const cy = await bakery.signIn('cy');
    const order = await bakery.buy(cy, [{ productId: 'muffin', quantity: 1 }]);
    expect(order).toMatchObject({ status: 'cancelled', reason: 'insufficient-funds' });
    expect(await bakery.balance(cy)).toBe(0);
    await bakery.expectInvariants();
  });
});

describe('buying: an order that cannot be met', () => {
  it('one line of a multi-line order out of stock: rejected, nothing left reserved, nothing charged', async () => {
    const dee = await bakery.signIn('dee');
    await bakery.deposit(dee, 50_000);
    const croissants = await available('croissant');
    const muffins = await available('muffin');
    expect(croissants).toBeGreaterThan(0);
    const order = await bakery.buy(dee, [
      { productId: 'croissant', quantity: 1 },
      { productId: 'muffin', quantity: muffins + 1 },
    ]);
    expect(order).toMatchObject({ status: 'rejected', reason: 'out-of-stock' });
    expect(await available('croissant')).toBe(croissants);
    expect(await available('muffin')).toBe(muffins);
    for (const productId of ['croissant', 'muffin']) expect((await bakery.shelf(productId)).reserved).toBe(0);
    expect(await bakery.balance(dee)).toBe(50_000);
    expect((await bakery.get(dee, `/api/pos/receipts/${order.id}`)).status).toBe(404);
    await bakery.expectInvariants();
  });
});

describe('buying: the same order submitted twice', () => {
  it('the same Idempotency-Key and body gives the same order, placed and charged once', async () => {
    const fay = await bakery.signIn('fay');
    await bakery.deposit(fay, 5000);
    const key = randomUUID();
    const lines = [{ productId: 'croissant', quantity: 1 }];
    const first = await bakery.place(fay, lines, key);
    const again = await bakery.place(fay, lines, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    // At once, too: five tabs submitting with one key.
    const otherKey = randomUUID();
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => bakery.place(fay, [{ productId: 'croissant', quantity: 1 }], otherKey)),
    );
    expect(burst.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(burst.map((r) => r.json.id)).size).toBe(1);
    // The same key with another body is refused.
    const other = await bakery.place(fay, [{ productId: 'croissant', quantity: 2 }], key);
    expect(other.status).toBe(422);

    await bakery.final(fay, first.json.id);
    await bakery.final(fay, burst[0].json.id);
    const mine = (await bakery.get(fay, '/api/orders')).json.orders;
    expect(mine.map((o: any) => o.id).sort()).toEqual([first.json.id, burst[0].json.id].sort());
    const charges = (await bakery.get(fay, '/api/bank/accounts/me/transactions')).json.items.filter(
      (t: any) => t.type === 'charge',
    );
    expect(charges).toHaveLength(2);
    await bakery.expectInvariants();
  });

  it('two customers may use the same key: two orders', async () => {
    const gus = await bakery.signIn('gus');
    const hal = await bakery.signIn('hal');
    const key = randomUUID();
    const a = await bakery.place(gus, [{ productId: 'donut', quantity: 1 }], key);
    const b = await bakery.place(hal, [{ productId: 'donut', quantity: 1 }], key);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.json.id).not.toBe(b.json.id);
    await bakery.final(gus, a.json.id);
    await bakery.final(hal, b.json.id);
    await bakery.expectInvariants();
  });
});
