import { MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

/** Stocking the shelves from production's batch.baked events. */
describe('products: stocking from baked batches', () => {
  let kit: ProductsTestKit;
  beforeEach(async () => {
    kit = await startProducts(OPENING + 5 * MINUTE);
  });
  afterEach(() => kit.stop());

  it("puts every baked item on its shelf, tells the menu, and starts each item's history", async () => {
    const bakedAt = OPENING + MINUTE;
    const ids = await kit.bake(
      'croissant',
      Array.from({ length: 6 }, () => ({ bakedAt, expiresAt: bakedAt + 240 * MINUTE })),
    );

    const shelf = await kit.shelf('croissant');
    expect(shelf.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(shelf).toMatchObject({ available: 6, reserved: 0, version: 1 });
    expect(shelf.items[0]).toEqual({
      id: expect.any(String),
      bakedAt: iso(bakedAt),
      expiresAt: iso(bakedAt + 240 * MINUTE),
      reserved: false,
      sellable: true,
    });

    const changed = kit.of('bakery.stock.changed.v1', 'croissant');
    expect(changed.map((e) => e.data)).toEqual([
      {
        productId: 'croissant',
        available: 6,
        version: 1,
        asOf: iso(kit.bakery.runtime.clock.now()),
        expiries: [{ expiresAt: iso(bakedAt + 240 * MINUTE), count: 6 }],
      },
    ]);
    expect(changed[0].id).toBe('products:stock-changed:croissant:1');

    const history = await kit.history('croissant');
    expect(history).toHaveLength(6);
    expect(history[0]).toMatchObject({
      productId: 'croissant',
      bakedOn: '2026-12-01',
      status: 'baked',
      statusAt: iso(bakedAt),
      life: [{ kind: 'baked', at: iso(bakedAt), version: 1 }],
    });
  });

  it('stocks a duplicated batch event once: same message twice, and the same batch under a new message id', async () => {
    const batch = {
      productId: 'bread',
      batchId: 'bread-0700',
      bakedAt: iso(OPENING),
      items: [1, 2, 3, 4, 5].map((n) => ({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        bakedAt: iso(OPENING),
        expiresAt: iso(OPENING + 600 * MINUTE),
      })),
    };
    await kit.send('bakery.batch.baked.v1', batch, 'batch-message-1');
    await kit.send('bakery.batch.baked.v1', batch, 'batch-message-1');
    await kit.send('bakery.batch.baked.v1', batch, 'batch-message-2');

    expect(await kit.shelf('bread')).toMatchObject({ available: 5, version: 1 });
    expect(kit.of('bakery.stock.changed.v1', 'bread')).toHaveLength(1);
    expect(await kit.history('bread')).toHaveLength(5);
  });

  it('adds batches up, soonest expiry first in what the menu is told', async () => {
    await kit.bake('donut', [{ bakedAt: OPENING, expiresAt: OPENING + 25 * MINUTE }]);
    await kit.bake('donut', [{ bakedAt: OPENING + MINUTE, expiresAt: OPENING + 26 * MINUTE }]);
    const last = kit.of('bakery.stock.changed.v1', 'donut').at(-1)!;
    expect(last.data).toMatchObject({
      available: 2,
      version: 2,
      expiries: [
        { expiresAt: iso(OPENING + 25 * MINUTE), count: 1 },
        { expiresAt: iso(OPENING + 26 * MINUTE), count: 1 },
      ],
    });
  });

  it('dead-letters a batch of a product this bakery does not make, with the reason, and stocks nothing', async () => {
    await kit.send('bakery.batch.baked.v1', {
      productId: 'pretzel',
      batchId: 'p1',
      bakedAt: iso(OPENING),
      items: [
        {
          id: '00000000-0000-4000-8000-0000000000aa',
          bakedAt: iso(OPENING),
          expiresAt: iso(OPENING + MINUTE * 60),
        },
      ],
    });
    const dead = kit.bakery.runtime.bus.deadLetters('production', 'products');
    expect(dead).toHaveLength(1);
    expect(dead[0].deadLetterErrorDescription).toContain('"pretzel" is not a product of this bakery');
    expect(await kit.history('pretzel')).toEqual([]);
    expect(kit.published).toEqual([]);
  });
});
