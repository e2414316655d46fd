import {
  ALL_BUT_PRODUCTION,
  MINUTE,
  OPENING,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/** 50 customers ordering the last 20 loaves at once (issue 11): exactly 20 sold, money conserved. */
jest.setTimeout(180_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING + 60 * MINUTE, services: ALL_BUT_PRODUCTION });
}, 120_000);
afterAll(() => bakery?.stop());

describe('the last 20 loaves', () => {
  it('50 customers order one each at once: exactly 20 sold, 30 rejected out-of-stock, nothing left reserved', async () => {
    const customers = [];
    for (let i = 0; i < 50; i++) customers.push(await bakery.signIn(`rush-${i}`));
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
});
