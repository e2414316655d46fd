import { randomUUID } from 'node:crypto';
import { CLOSING, MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

/** After the sale: order.paid hands the items over, order.cancelled puts them back. */
describe('products: handing over and releasing orders', () => {
  let kit: ProductsTestKit;
  beforeEach(async () => {
    kit = await startProducts(OPENING + 60 * MINUTE);
  });
  afterEach(() => kit.stop());

  const now = () => iso(kit.bakery.runtime.clock.now());
  const paid = (orderId: string, id?: string) =>
    kit.send(
      'bakery.order.paid.v1',
      { orderId, userId: 'customer-1', total: { amount: 800, currency: 'AUD' }, paidAt: now() },
      id,
    );
  const cancelled = (orderId: string, id?: string) =>
    kit.send(
      'bakery.order.cancelled.v1',
      { orderId, userId: 'customer-1', reason: 'insufficient-funds', cancelledAt: now() },
      id,
    );
  const loaves = (n: number) =>
    kit.bake(
      'bread',
      Array.from({ length: n }, () => ({ bakedAt: OPENING, expiresAt: CLOSING })),
    );

  it("hands a paid order's items to the customer, once, and records them as sold", async () => {
    await loaves(3);
    await kit.bake('donut', [{ bakedAt: OPENING + 50 * MINUTE, expiresAt: OPENING + 75 * MINUTE }]);
    const orderId = await kit.placeOrder([
      { productId: 'bread', quantity: 2 },
      { productId: 'donut', quantity: 1 },
    ]);
    const reserved = kit
      .of('bakery.order.reserved.v1', orderId)[0]
      .data.items.map(({ id, productId }) => ({ id, productId }));

    await paid(orderId, 'paid-1');
    await paid(orderId, 'paid-2');
    const handed = kit.of('bakery.order.handed-over.v1', orderId);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({ id: `${orderId}:handed-over`, correlationid: orderId });
    expect(handed[0].data).toEqual({
      orderId,
      userId: 'customer-1',
      items: expect.arrayContaining(reserved),
      handedOverAt: now(),
    });
    expect(handed[0].data.items).toHaveLength(3);

    expect(await kit.shelf('bread')).toMatchObject({ available: 1, reserved: 0 });
    expect((await kit.shelf('bread')).items).toHaveLength(1);
    const sold = [...(await kit.history('bread')), ...(await kit.history('donut'))].filter(
      (h) => h.status === 'sold',
    );
    expect(sold.map((h) => h.id).sort()).toEqual(reserved.map((i) => i.id).sort());
    expect(
      sold.every((h) => h.orderId === orderId && h.life.map((l) => l.kind).join() === 'baked,reserved,sold'),
    ).toBe(true);
  });

  it('acts on an order.paid sent again when the first hand-over found nothing; hands over at most once', async () => {
    await loaves(3);
    const orderId = randomUUID();
    // The first order.paid finds nothing on the shelves (here: the reservation is not there yet).
    await paid(orderId, `${orderId}:paid`);
    expect(kit.of('bakery.order.handed-over.v1', orderId)).toEqual([]);
    await kit.placeOrder([{ productId: 'bread', quantity: 2 }], orderId);
    const reserved = kit
      .of('bakery.order.reserved.v1', orderId)[0]
      .data.items.map(({ id, productId }) => ({ id, productId }));
    // A redelivery of the first changes nothing; sales' resend (a new event id) hands over.
    await paid(orderId, `${orderId}:paid`);
    expect(kit.of('bakery.order.handed-over.v1', orderId)).toEqual([]);
    await paid(orderId, `${orderId}:paid:1`);
    const handed = kit.of('bakery.order.handed-over.v1', orderId);
    expect(handed.map((e) => e.id)).toEqual([`${orderId}:handed-over`]);
    expect(handed[0].data.items).toEqual(expect.arrayContaining(reserved));
    expect(handed[0].data.items).toHaveLength(2);
    // Later resends (and their redeliveries) hand nothing over again: sold once.
    await paid(orderId, `${orderId}:paid:2`);
    await paid(orderId, `${orderId}:paid:1`);
    expect(kit.of('bakery.order.handed-over.v1', orderId)).toHaveLength(1);
    expect(await kit.shelf('bread')).toMatchObject({ available: 1, reserved: 0 });
    const sold = (await kit.history('bread')).filter((h) => h.status === 'sold');
    expect(sold.map((h) => h.id).sort()).toEqual(reserved.map((i) => i.id).sort());
  });

  it("puts a cancelled order's items back on sale, once, and tells the menu", async () => {
    await loaves(2);
    const orderId = await kit.placeOrder([{ productId: 'bread', quantity: 2 }]);
    expect(await kit.shelf('bread')).toMatchObject({ available: 0, reserved: 2 });

    await cancelled(orderId, 'cancel-1');
    await cancelled(orderId, 'cancel-2');
    expect(await kit.shelf('bread')).toMatchObject({ available: 2, reserved: 0, version: 3 });
    const menuView = kit
      .of('bakery.stock.changed.v1', 'bread')
      .map((e) => [e.data.version, e.data.available]);
    expect(menuView).toEqual([
      [1, 2],
      [2, 0],
      [3, 2],
    ]);

    const again = await kit.placeOrder([{ productId: 'bread', quantity: 2 }]);
    expect(kit.of('bakery.order.reserved.v1', again)).toHaveLength(1);
    // A payment for the cancelled order changes nothing: the items now belong to the other order.
    await paid(orderId);
    expect(kit.of('bakery.order.handed-over.v1', orderId)).toEqual([]);
    expect(await kit.shelf('bread')).toMatchObject({ available: 0, reserved: 2 });
  });

  it('never reserves for an order that was cancelled before its reservation arrived', async () => {
    await loaves(2);
    const orderId = randomUUID();
    await cancelled(orderId);
    await kit.placeOrder([{ productId: 'bread', quantity: 1 }], orderId);
    expect(kit.of('bakery.order.reserved.v1', orderId)).toEqual([]);
    const failed = kit.of('bakery.order.reservation-failed.v1', orderId);
    expect(failed.map((e) => e.data)).toEqual([
      expect.objectContaining({ orderId, reason: 'cancelled', shortages: [] }),
    ]);
    expect(await kit.shelf('bread')).toMatchObject({ available: 2, reserved: 0 });
  });

  it('throws out items put back after closing instead of selling them', async () => {
    await loaves(3);
    const orderId = await kit.placeOrder([{ productId: 'bread', quantity: 1 }]);
    await kit.advanceTo(CLOSING + 5 * MINUTE);
    expect(await kit.shelf('bread')).toMatchObject({ available: 0, reserved: 1 });

    await cancelled(orderId);
    const shelf = await kit.shelf('bread');
    expect(shelf.items).toEqual([]);
    const statuses = (await kit.history('bread')).map((h) => h.status).sort();
    expect(statuses).toEqual(['discarded', 'discarded', 'discarded']);
    expect(kit.of('bakery.stock.changed.v1', 'bread').at(-1)!.data).toMatchObject({ available: 0 });
  });

  it('refuses to reserve while the bakery is closed', async () => {
    await loaves(3);
    await kit.advanceTo(CLOSING - MINUTE);
    const late = await kit.placeOrder([{ productId: 'bread', quantity: 1 }]);
    expect(kit.of('bakery.order.reserved.v1', late)).toHaveLength(1);
    await kit.advanceTo(CLOSING + MINUTE);
    const tooLate = await kit.placeOrder([{ productId: 'bread', quantity: 1 }]);
    expect(kit.of('bakery.order.reservation-failed.v1', tooLate).map((e) => e.data.shortages)).toEqual([
      [{ productId: 'bread', requested: 1, available: 0 }],
    ]);
  });
});
