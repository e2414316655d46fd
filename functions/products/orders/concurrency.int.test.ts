import { randomUUID } from 'node:crypto';
import { createBakeryEvent, toMessage } from '../../../shared/events';
import { MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

describe('products: concurrent reservations', () => {
  let kit: ProductsTestKit;
  beforeAll(async () => {
    kit = await startProducts(OPENING + 30 * MINUTE);
  });
  afterAll(() => kit.stop());

  it('100 orders of one item against a shelf of 50: exactly 50 reserved, 50 refused, no item twice', async () => {
    const stocked = await kit.bake(
      'croissant',
      Array.from({ length: 50 }, (_, i) => ({
        bakedAt: OPENING + i * 1000,
        expiresAt: OPENING + 240 * MINUTE,
      })),
    );
    const clock = { now: () => kit.bakery.runtime.clock.now() };
    const orders = Array.from({ length: 100 }, () => randomUUID());
    const messages = orders.map((orderId) =>
      toMessage(
        createBakeryEvent(
          'bakery.order.placed.v1',
          {
            orderId,
            userId: `customer-${orderId}`,
            lines: [{ productId: 'croissant', quantity: 1 }],
            placedAt: iso(clock.now()),
          },
          { clock },
        ),
      ),
    );

    // How fast this goes is measured by `npm run bench:reserve`, not asserted here.
    await Promise.all(messages.map((m) => kit.bakery.runtime.bus.send('sales', m)));
    await kit.quiet();

    const reserved = kit.of('bakery.order.reserved.v1');
    const failed = kit.of('bakery.order.reservation-failed.v1');
    expect(reserved).toHaveLength(50);
    expect(failed).toHaveLength(50);
    expect(new Set([...reserved, ...failed].map((e) => e.data.orderId))).toEqual(new Set(orders));
    const itemIds = reserved.flatMap((e) => e.data.items.map((i) => i.id));
    expect(new Set(itemIds).size).toBe(50);
    expect(new Set(itemIds)).toEqual(new Set(stocked));
    expect(failed.every((e) => e.data.reason === 'out-of-stock' && e.data.shortages[0].available === 0)).toBe(
      true,
    );

    const shelf = await kit.shelf('croissant');
    expect(shelf).toMatchObject({ available: 0, reserved: 50 });
    expect(new Set(shelf.items.map((i) => i.orderId)).size).toBe(50);
    // The menu's last word on the shelf (highest version) is "none left".
    const changes = kit.of('bakery.stock.changed.v1', 'croissant');
    const latest = changes.reduce((a, b) => (b.data.version > a.data.version ? b : a));
    expect(latest.data).toMatchObject({ available: 0, version: 51 });
  });
});
