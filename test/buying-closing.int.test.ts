import {
  ALL_BUT_PRODUCTION,
  CLOSING,
  MINUTE,
  eventsOf,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/**
 * Buying at the end of the day (issue 11): the closing discount (30 minutes before 17:00, bread 50 %
 * off 800 → 400, croissant 30 % off 450 → 450 − floor((450 × 30 + 50) / 100) = 315), and an order
 * placed at 16:59:59 that is paid after closing keeps its items.
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: CLOSING - 40 * MINUTE, services: ALL_BUT_PRODUCTION });
  // Bread lasts all day: it goes stale at closing.
  await bakery.bake('bread', 10, 40 * MINUTE);
  await bakery.bake('croissant', 10, 40 * MINUTE);
}, 120_000);
afterAll(() => bakery?.stop());

describe('the closing discount', () => {
  it('an order placed before the discount pays the list price', async () => {
    const ann = await bakery.signIn('ann');
    await bakery.deposit(ann, 10_000);
    const order = await bakery.buy(ann, [{ productId: 'bread', quantity: 1 }]);
    expect(order).toMatchObject({ status: 'completed', total: { amount: 800 } });
    await bakery.expectInvariants();
  });

  it('the discount starts at 16:30:00 exactly: 16:29:59 pays the list price, 16:30:00 the discounted one', async () => {
    const dee = await bakery.signIn('dee');
    await bakery.deposit(dee, 10_000);
    await bakery.advanceTo(CLOSING - 30 * MINUTE - 1000);
    const before = await bakery.buy(dee, [{ productId: 'bread', quantity: 1 }]);
    expect(before).toMatchObject({ status: 'completed', total: { amount: 800 } });
    await bakery.advanceTo(CLOSING - 30 * MINUTE);
    const at = await bakery.buy(dee, [{ productId: 'bread', quantity: 1 }]);
    expect(at).toMatchObject({ status: 'completed', total: { amount: 400 } });
    await bakery.expectInvariants();
  });

  it('an order placed during the closing discount is charged the discounted price', async () => {
    await bakery.advanceTo(CLOSING - 25 * MINUTE);
    const menu = await bakery.menu();
    const bread = menu.items.find((i) => i.productId === 'bread')!;
    const croissant = menu.items.find((i) => i.productId === 'croissant')!;
    expect(bread).toMatchObject({ discounted: true, price: { amount: 800 }, currentPrice: { amount: 400 } });
    expect(croissant).toMatchObject({ discounted: true, currentPrice: { amount: 315 } });

    const bob = await bakery.signIn('bob');
    await bakery.deposit(bob, 10_000);
    const order = await bakery.buy(bob, [
      { productId: 'bread', quantity: 2 },
      { productId: 'croissant', quantity: 1 },
    ]);
    expect(order).toMatchObject({ status: 'completed', total: { amount: 2 * 400 + 315 } });
    expect(await bakery.balance(bob)).toBe(10_000 - 1115);
    const receipt = (await bakery.get(bob, `/api/pos/receipts/${order.id}`)).json;
    expect(receipt).toMatchObject({
      status: 'paid',
      total: { amount: 1115 },
      discount: { amount: 2 * 400 + 135 },
    });
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          productId: 'bread',
          quantity: 2,
          listPrice: { amount: 800, currency: 'AUD' },
          discount: { amount: 400, currency: 'AUD' },
          unitPrice: { amount: 400, currency: 'AUD' },
          lineTotal: { amount: 800, currency: 'AUD' },
        }),
        expect.objectContaining({ productId: 'croissant', unitPrice: { amount: 315, currency: 'AUD' } }),
      ]),
    );
    await bakery.expectInvariants();
  });

  it('an order placed at 16:59:59 and paid after closing keeps its items', async () => {
    const cy = await bakery.signIn('cy');
    await bakery.deposit(cy, 10_000);
    await bakery.advanceTo(CLOSING - 1000);
    // The bank is slow tonight: the charge is approved after the shop closed.
    bakery.runtime.bus.hold('pos', 'bank');
    const placed = await bakery.place(cy, [{ productId: 'bread', quantity: 2 }]);
    expect(placed.status).toBe(202);
    await bakery.quiet();
    expect((await bakery.order(cy, placed.json.id)).status).toBe('reserved');

    await bakery.advanceTo(CLOSING + 30_000);
    // Closing threw out everything else, not what the order holds.
    const shelf = await bakery.shelf('bread');
    expect(shelf.items.map((i: any) => [i.reserved, i.orderId])).toEqual([
      [true, placed.json.id],
      [true, placed.json.id],
    ]);
    expect(eventsOf(bakery, 'bakery.items.discarded.v1').length).toBeGreaterThan(0);

    bakery.runtime.bus.release('pos', 'bank');
    await bakery.quiet();
    const order = await bakery.final(cy, placed.json.id);
    // Placed in the discount window: 2 × 400.
    expect(order).toMatchObject({ status: 'completed', total: { amount: 800 } });
    expect(order.items).toHaveLength(2);
    expect((await bakery.shelf('bread')).items).toEqual([]);
    await bakery.expectInvariants();
  });
});
