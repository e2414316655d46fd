import {
  ALL_BUT_PRODUCTION,
  MINUTE,
  OPENING,
  startBuyingBakery,
  type BuyingBakery,
  type Customer,
} from './support/buying-harness';

/** 50 customers ordering the last 20 loaves at once (issue 11): exactly 20 sold, money conserved. */
jest.setTimeout(180_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING + 60 * MINUTE, services: ALL_BUT_PRODUCTION });
}, 120_000);
afterAll(() => bakery?.stop());

/** Signs customers in ten at a time (each through the provider's form). */
async function signInMany(prefix: string, count: number): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (let i = 0; i < count; i += 10) {
    const names = Array.from({ length: Math.min(10, count - i) }, (_, j) => `${prefix}-${i + j}`);
    customers.push(...(await Promise.all(names.map((name) => bakery.signIn(name)))));
  }
  return customers;
}

describe('the last 20 loaves', () => {
  it('50 customers order one each at once: exactly 20 sold, 30 rejected out-of-stock, nothing left reserved', async () => {
    const customers = await signInMany('rush', 50);
    for (const customer of customers) await bakery.deposit(customer, 2000);
    await bakery.bake('bread', 20);
    expect((await bakery.menu()).items.find((i) => i.productId === 'bread')?.available).toBe(20);

    const placed = await Promise.all(
      customers.map((c) => bakery.place(c, [{ productId: 'bread', quantity: 1 }])),
    );
    expect(placed.map((p) => p.status)).toEqual(customers.map(() => 202));
    await bakery.quiet();
    const orders = await Promise.all(customers.map((c, i) => bakery.final(c, placed[i].json.id)));

    const completed = orders.filter((o) => o.status === 'completed');
    const rejected = orders.filter((o) => o.status === 'rejected');
    expect(completed).toHaveLength(20);
    expect(rejected).toHaveLength(30);
    expect(rejected.every((o) => o.reason === 'out-of-stock')).toBe(true);
    const items = completed.flatMap((o) => o.items!.map((i) => i.id));
    expect(new Set(items).size).toBe(20);
    const shelf = await bakery.shelf('bread');
    expect(shelf).toMatchObject({ available: 0, reserved: 0 });

    const balances = await Promise.all(customers.map((c) => bakery.balance(c)));
    expect(balances.filter((b) => b === 2000 - 800)).toHaveLength(20);
    expect(balances.filter((b) => b === 2000)).toHaveLength(30);
    const { figures } = await bakery.expectInvariants();
    expect(figures).toMatchObject({ itemsSold: 20, takings: 20 * 800, deposits: 50 * 2000 });
  });

  it('30 customers order a loaf and a croissant, in either line order, from 10 of each: every sale has both', async () => {
    const customers = await signInMany('pair', 30);
    for (const customer of customers) await bakery.deposit(customer, 5000);
    await bakery.bake('bread', 10);
    await bakery.bake('croissant', 10);
    const placed = await Promise.all(
      customers.map((c, i) =>
        bakery.place(
          c,
          i % 2 === 0
            ? [
                { productId: 'bread', quantity: 1 },
                { productId: 'croissant', quantity: 1 },
              ]
            : [
                { productId: 'croissant', quantity: 1 },
                { productId: 'bread', quantity: 1 },
              ],
        ),
      ),
    );
    expect(placed.every((p) => p.status === 202)).toBe(true);
    await bakery.quiet();
    const orders = await Promise.all(customers.map((c, i) => bakery.final(c, placed[i].json.id)));
    const completed = orders.filter((o) => o.status === 'completed');
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.length).toBeLessThanOrEqual(10);
    for (const o of completed)
      expect(o.items!.map((i) => i.productId).sort()).toEqual(['bread', 'croissant']);
    expect(orders.filter((o) => o.status !== 'completed').every((o) => o.status === 'rejected')).toBe(true);
    for (const productId of ['bread', 'croissant']) {
      const shelf = await bakery.shelf(productId);
      expect(shelf.reserved).toBe(0);
      expect(shelf.available).toBe(10 - completed.length);
    }
    await bakery.expectInvariants();
  });

  it("one customer's three orders at once against money for two: two paid, one declined, never negative", async () => {
    const tess = await bakery.signIn('tess');
    await bakery.deposit(tess, 2000);
    await bakery.bake('bread', 3);
    const placed = await Promise.all(
      Array.from({ length: 3 }, () => bakery.place(tess, [{ productId: 'bread', quantity: 1 }])),
    );
    expect(placed.map((p) => p.status)).toEqual([202, 202, 202]);
    await bakery.quiet();
    const orders = await Promise.all(placed.map((p) => bakery.final(tess, p.json.id)));
    expect(orders.filter((o) => o.status === 'completed')).toHaveLength(2);
    expect(orders.filter((o) => o.status === 'cancelled' && o.reason === 'insufficient-funds')).toHaveLength(
      1,
    );
    expect(await bakery.balance(tess)).toBe(2000 - 1600);
    expect((await bakery.shelf('bread')).available).toBe(1);
    await bakery.expectInvariants();
    await bakery.expectPicture(tess);
  });
});
