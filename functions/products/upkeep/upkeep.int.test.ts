import { CLOSING, MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

/** The stale sweep (every 15 minutes) and the closing discard, through their timers. */
describe('products: stale sweep and closing', () => {
  let kit: ProductsTestKit;
  afterEach(() => kit.stop());

  const statuses = async (productId: string) =>
    Object.fromEntries((await kit.history(productId)).map((h) => [h.id, h.status]));

  it('sweeps expired items off the shelves every 15 minutes, but never a reserved one', async () => {
    kit = await startProducts(OPENING + 5 * MINUTE);
    const [a, b] = await kit.bake('donut', [
      { bakedAt: OPENING, expiresAt: OPENING + 25 * MINUTE },
      { bakedAt: OPENING + 2 * MINUTE, expiresAt: OPENING + 27 * MINUTE },
    ]);
    const [c] = await kit.bake('donut', [
      { bakedAt: OPENING + 20 * MINUTE, expiresAt: OPENING + 45 * MINUTE },
    ]);
    const orderId = await kit.placeOrder([{ productId: 'donut', quantity: 1 }]); // takes a (expires first)

    await kit.advanceTo(OPENING + 29 * MINUTE);
    // The 07:15 sweep found nothing stale; b went stale at 07:27 and waits for the next one, off the menu already.
    expect((await kit.shelf('donut')).items.map((i) => [i.id, i.sellable])).toEqual([
      [a, false],
      [b, false],
      [c, true],
    ]);
    expect(kit.of('bakery.stock.changed.v1', 'donut').map((e) => e.data.version)).toEqual([1, 2, 3]);

    await kit.advanceTo(OPENING + 31 * MINUTE);
    const shelf = await kit.shelf('donut');
    expect(shelf.items.map((i) => [i.id, i.orderId ?? 'on sale'])).toEqual([
      [a, orderId],
      [c, 'on sale'],
    ]);
    expect(await statuses('donut')).toEqual({ [a]: 'reserved', [b]: 'expired', [c]: 'baked' });
    expect((await kit.history('donut')).find((h) => h.id === b)!.statusAt).toBe(iso(OPENING + 30 * MINUTE));
    expect(kit.of('bakery.stock.changed.v1', 'donut').at(-1)!.data).toMatchObject({
      version: 4,
      available: 1,
      expiries: [{ expiresAt: iso(OPENING + 45 * MINUTE), count: 1 }],
    });
    expect((await kit.instances('products-sweep-')).map((i) => i.instanceId)).toEqual([
      'products-sweep-2026-11-30T20:15Z',
      'products-sweep-2026-11-30T20:30Z',
    ]);
  });

  it('at closing throws out what is not reserved, keeps what is, and the kept items can still be handed over', async () => {
    kit = await startProducts(CLOSING - 20 * MINUTE);
    await kit.bake(
      'bread',
      Array.from({ length: 5 }, () => ({ bakedAt: CLOSING - 9 * 60 * MINUTE, expiresAt: CLOSING })),
    );
    const [staleDonut] = await kit.bake('donut', [
      { bakedAt: CLOSING - 30 * MINUTE, expiresAt: CLOSING - 5 * MINUTE },
    ]);
    await kit.bake(
      'croissant',
      Array.from({ length: 2 }, () => ({
        bakedAt: CLOSING - 60 * MINUTE,
        expiresAt: CLOSING + 180 * MINUTE,
      })),
    );
    const orderId = await kit.placeOrder([
      { productId: 'bread', quantity: 1 },
      { productId: 'croissant', quantity: 1 },
    ]);

    await kit.advanceTo(CLOSING + MINUTE);
    const view = (await kit.shelves()).json.shelves;
    expect(
      view.filter((s) => s.items.length > 0).map((s) => [s.productId, s.items.map((i) => i.orderId)]),
    ).toEqual([
      ['bread', [orderId]],
      ['croissant', [orderId]],
    ]);
    const bread = Object.values(await statuses('bread')).sort();
    expect(bread).toEqual(['discarded', 'discarded', 'discarded', 'discarded', 'reserved']);
    // Stale since 16:55 and no sweep after the 16:45 one: it went off sale by expiry, not at closing.
    expect(await statuses('donut')).toEqual({ [staleDonut]: 'expired' });
    expect(Object.values(await statuses('croissant')).sort()).toEqual(['discarded', 'reserved']);
    for (const productId of ['bread', 'donut', 'croissant']) {
      expect(kit.of('bakery.stock.changed.v1', productId).at(-1)!.data).toMatchObject({
        available: 0,
        expiries: [],
      });
    }

    await kit.send('bakery.order.paid.v1', {
      orderId,
      userId: 'customer-1',
      total: { amount: 1250, currency: 'AUD' },
      paidAt: iso(CLOSING + MINUTE),
    });
    expect(kit.of('bakery.order.handed-over.v1', orderId)[0].data.items).toHaveLength(2);
    expect((await kit.shelves()).json.shelves.every((s) => s.items.length === 0)).toBe(true);
    expect(await kit.instances('products-close-2026-12-01')).toEqual([
      expect.objectContaining({ runtimeStatus: 'Completed' }),
    ]);
  });

  it('throws out a batch baked before closing that arrives after it, instead of putting it on sale', async () => {
    kit = await startProducts(CLOSING + 10 * MINUTE);
    const [loaf] = await kit.bake('bread', [{ bakedAt: CLOSING - 30 * MINUTE, expiresAt: CLOSING }]);
    const [donut] = await kit.bake('donut', [
      { bakedAt: CLOSING - 30 * MINUTE, expiresAt: CLOSING - 5 * MINUTE },
    ]);
    expect((await kit.shelves()).json.shelves.every((s) => s.items.length === 0)).toBe(true);
    expect((await kit.history('bread')).map((h) => [h.id, h.status])).toEqual([[loaf, 'discarded']]);
    expect((await kit.history('donut')).map((h) => [h.id, h.status])).toEqual([[donut, 'expired']]);
    expect(kit.of('bakery.stock.changed.v1', 'bread').map((e) => [e.data.version, e.data.available])).toEqual(
      [[2, 0]],
    );
  });
});
