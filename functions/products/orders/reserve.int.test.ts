import { randomUUID } from 'node:crypto';
import { createEvent, toMessage } from '../../../shared/events';
import { MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

/** Reserving orders (order.placed from sales) on the shelves. */
describe('products: reserving an order', () => {
  let kit: ProductsTestKit;
  beforeEach(async () => {
    kit = await startProducts(OPENING + 60 * MINUTE);
  });
  afterEach(() => kit.stop());

  const reservedIds = (orderId: string) =>
    kit.of('bakery.order.reserved.v1', orderId).flatMap((e) => e.data.items.map((i) => i.id));
  const failure = (orderId: string) =>
    kit.of('bakery.order.reservation-failed.v1', orderId).map((e) => e.data);

  it('takes the items that expire first (three ages), and skips an expired one even before the sweep', async () => {
    const now = OPENING + 60 * MINUTE;
    // Baked at 07:00, 07:20, 07:40 (donut: 25 min): the 07:00 one expired at 07:25 and was never swept.
    const [expired] = await kit.bake('donut', [{ bakedAt: OPENING, expiresAt: OPENING + 25 * MINUTE }]);
    const [oldest] = await kit.bake('donut', [
      { bakedAt: OPENING + 40 * MINUTE, expiresAt: OPENING + 65 * MINUTE },
    ]);
    const [middle] = await kit.bake('donut', [
      { bakedAt: OPENING + 50 * MINUTE, expiresAt: OPENING + 75 * MINUTE },
    ]);
    const [newest] = await kit.bake('donut', [
      { bakedAt: OPENING + 55 * MINUTE, expiresAt: OPENING + 80 * MINUTE },
    ]);
    expect(kit.bakery.runtime.clock.now()).toBe(now);

    const first = await kit.placeOrder([{ productId: 'donut', quantity: 2 }]);
    expect(reservedIds(first)).toEqual([oldest, middle]);
    const second = await kit.placeOrder([{ productId: 'donut', quantity: 1 }]);
    expect(reservedIds(second)).toEqual([newest]);
    const third = await kit.placeOrder([{ productId: 'donut', quantity: 1 }]);
    expect(failure(third)).toEqual([
      {
        orderId: third,
        userId: 'customer-1',
        reason: 'out-of-stock',
        shortages: [{ productId: 'donut', requested: 1, available: 0 }],
        failedAt: iso(now),
      },
    ]);

    const shelf = await kit.shelf('donut');
    expect(shelf.items.find((i) => i.id === expired)).toMatchObject({ reserved: false, sellable: false });
    expect(
      shelf.items
        .filter((i) => i.reserved)
        .map((i) => i.orderId)
        .sort(),
    ).toEqual([first, first, second].sort());
  });

  it('publishes order.reserved with every item, its product and expiry, under the order id', async () => {
    const breadIds = await kit.bake(
      'bread',
      Array.from({ length: 3 }, () => ({ bakedAt: OPENING, expiresAt: OPENING + 600 * MINUTE })),
    );
    const orderId = await kit.placeOrder([
      { productId: 'bread', quantity: 1 },
      { productId: 'bread', quantity: 1 },
    ]);
    const [event] = kit.of('bakery.order.reserved.v1', orderId);
    expect(event).toMatchObject({
      id: `${orderId}:reserved`,
      correlationid: orderId,
      source: 'bakery/products',
    });
    expect(event.data.items).toHaveLength(2);
    expect(
      event.data.items.every(
        (i) =>
          breadIds.includes(i.id) && i.productId === 'bread' && i.expiresAt === iso(OPENING + 600 * MINUTE),
      ),
    ).toBe(true);
    const history = (await kit.history('bread')).filter((h) => h.status === 'reserved');
    expect(history.map((h) => h.orderId)).toEqual([orderId, orderId]);
  });

  it('is all-or-nothing across shelves: bread fits, donuts are short, so the bread goes back', async () => {
    await kit.bake(
      'bread',
      Array.from({ length: 5 }, () => ({ bakedAt: OPENING, expiresAt: OPENING + 600 * MINUTE })),
    );
    await kit.bake('donut', [{ bakedAt: OPENING + 50 * MINUTE, expiresAt: OPENING + 75 * MINUTE }]);
    const orderId = await kit.placeOrder([
      { productId: 'donut', quantity: 2 },
      { productId: 'bread', quantity: 2 },
    ]);

    expect(failure(orderId)).toEqual([
      expect.objectContaining({
        reason: 'out-of-stock',
        shortages: [{ productId: 'donut', requested: 2, available: 1 }],
      }),
    ]);
    expect(kit.of('bakery.order.reserved.v1', orderId)).toEqual([]);
    expect(await kit.shelf('bread')).toMatchObject({ available: 5, reserved: 0 });
    expect(await kit.shelf('donut')).toMatchObject({ available: 1, reserved: 0 });
    // The menu ends on the bread shelf's state after the release.
    expect(kit.of('bakery.stock.changed.v1', 'bread').at(-1)!.data).toMatchObject({
      available: 5,
      version: 3,
    });
    const lives = (await kit.history('bread')).filter((h) => h.life.length > 1);
    expect(lives.map((h) => [h.status, h.life.map((l) => l.kind)])).toEqual([
      ['baked', ['baked', 'reserved', 'released']],
      ['baked', ['baked', 'reserved', 'released']],
    ]);
  });

  it('answers a duplicated order.placed once, with the same items', async () => {
    await kit.bake(
      'muffin',
      Array.from({ length: 4 }, () => ({ bakedAt: OPENING, expiresAt: OPENING + 180 * MINUTE })),
    );
    const orderId = randomUUID();
    const data = {
      orderId,
      userId: 'customer-1',
      lines: [{ productId: 'muffin', quantity: 2 }],
      placedAt: iso(kit.bakery.runtime.clock.now()),
    };
    await kit.send('bakery.order.placed.v1', data, 'placed-1');
    await kit.send('bakery.order.placed.v1', data, 'placed-2');
    await kit.send('bakery.order.placed.v1', data, 'placed-1');
    expect(kit.of('bakery.order.reserved.v1', orderId)).toHaveLength(1);
    expect(await kit.shelf('muffin')).toMatchObject({ available: 2, reserved: 2 });
  });

  it('rejects an unknown product type as an invalid order, reserving nothing', async () => {
    await kit.bake('bread', [{ bakedAt: OPENING, expiresAt: OPENING + 600 * MINUTE }]);
    const orderId = await kit.placeOrder([
      { productId: 'bread', quantity: 1 },
      { productId: 'pretzel', quantity: 1 },
    ]);
    expect(failure(orderId)).toEqual([expect.objectContaining({ reason: 'invalid-order', shortages: [] })]);
    expect(await kit.shelf('bread')).toMatchObject({ available: 1, reserved: 0, version: 1 });
  });

  it('answers a huge (but valid) quantity with out-of-stock', async () => {
    await kit.bake('bread', [{ bakedAt: OPENING, expiresAt: OPENING + 600 * MINUTE }]);
    const orderId = await kit.placeOrder([{ productId: 'bread', quantity: 1000 }]);
    expect(failure(orderId)).toEqual([
      expect.objectContaining({
        reason: 'out-of-stock',
        shortages: [{ productId: 'bread', requested: 1000, available: 1 }],
      }),
    ]);
  });

  it.each([
    ['quantity 0', 0, 'lines[0].quantity'],
    ['a negative quantity', -3, 'lines[0].quantity'],
    ['a huge quantity', 1_000_000, 'lines[0].quantity'],
    ['a fractional quantity', 1.5, 'lines[0].quantity'],
  ])(
    'dead-letters an order.placed with %s, naming the field, and reserves nothing',
    async (_label, quantity, field) => {
      await kit.bake('bread', [{ bakedAt: OPENING, expiresAt: OPENING + 600 * MINUTE }]);
      const orderId = randomUUID();
      // Built without validation, as a broken publisher would: sales validates on publish and never sends this.
      const bad = createEvent({
        type: 'bakery.order.placed.v1',
        source: 'bakery/sales',
        subject: orderId,
        clock: { now: () => kit.bakery.runtime.clock.now() },
        data: { orderId, userId: 'u', lines: [{ productId: 'bread', quantity }], placedAt: iso(OPENING) },
      });
      await kit.bakery.runtime.bus.send('sales', toMessage(bad));
      await kit.quiet();
      const dead = kit.bakery.runtime.bus
        .deadLetters('sales', 'products')
        .filter((d) => d.messageId === bad.id);
      expect(dead).toHaveLength(1);
      expect(dead[0].deadLetterErrorDescription).toContain(`data.${field}`);
      expect(kit.of('bakery.order.reservation-failed.v1', orderId)).toEqual([]);
      expect(await kit.shelf('bread')).toMatchObject({ available: 1, reserved: 0 });
    },
  );
});
