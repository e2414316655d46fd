import { randomUUID } from 'node:crypto';
import { placeOrder } from './order-store';
import { SALES_CONTAINER } from './sales-container';
import { PAYMENT_TIMEOUT, RESERVATION_TIMEOUT } from './sell-order.orchestration';
import { BREAD, aud, someone, startSales, type SalesWorld } from './sales-test-kit';

jest.setTimeout(30_000);

/** The sell-order saga, sales alone: the tests play products and pos on their topics. */
describe('sell-order: the order saga through events', () => {
  let world: SalesWorld;
  beforeAll(async () => {
    world = await startSales();
  });
  afterAll(() => world.stop());

  const statusOf = async (userId: string, orderId: string) => (await world.order(userId, orderId)).json;

  it('happy path: placed → reserved → payment requested → paid → handed over → completed with the items', async () => {
    const user = someone();
    const orderId = await world.placed(user);
    const [placed] = world.of('products', 'bakery.order.placed.v1', orderId);
    expect(placed.data).toMatchObject({ orderId, userId: user, lines: BREAD });
    expect(placed.id).toBe(`${orderId}:placed`);
    expect(world.of('users', 'bakery.order.placed.v1', orderId)).toHaveLength(1);
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'placed', lines: BREAD });
    expect((await world.instance(orderId)).customStatus).toEqual({ step: 'awaiting-reservation' });

    const reserved = await world.reserve(orderId, user);
    const [requested] = world.of('pos', 'bakery.payment.requested.v1', orderId);
    expect(requested.data).toEqual({ orderId, userId: user, lines: BREAD, placedAt: placed.data.placedAt });
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'reserved' });
    expect((await world.instance(orderId)).customStatus).toEqual({ step: 'awaiting-payment' });

    await world.pay(orderId, user, 1600);
    const [paid] = world.of('products', 'bakery.order.paid.v1', orderId);
    expect(paid.data).toMatchObject({ orderId, userId: user, total: aud(1600) });
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'paid', total: aud(1600) });
    expect((await world.instance(orderId)).customStatus).toEqual({ step: 'awaiting-hand-over' });

    await world.handOver(reserved);
    const items = reserved.data.items.map(({ id, productId }) => ({ id, productId }));
    const [completed] = world.of('users', 'bakery.order.completed.v1', orderId);
    expect(completed.data).toMatchObject({ orderId, userId: user, items, total: aud(1600) });
    const view = await statusOf(user, orderId);
    expect(view).toMatchObject({ id: orderId, status: 'completed', total: aud(1600), items, lines: BREAD });
    expect(view.reason).toBeUndefined();
    expect(await world.instance(orderId)).toMatchObject({
      runtimeStatus: 'Completed',
      customStatus: { step: 'completed' },
    });
    // Nothing to undo on a completed order.
    expect(world.of('products', 'bakery.order.cancelled.v1', orderId)).toEqual([]);
  });

  it.each(['out-of-stock', 'invalid-order'] as const)(
    'reservation failed (%s) → rejected with that reason, nothing to pay or undo',
    async (reason) => {
      const user = someone();
      const orderId = await world.placed(user);
      await world.failReservation(orderId, user, reason);
      const [rejected] = world.of('users', 'bakery.order.rejected.v1', orderId);
      expect(rejected.data).toMatchObject({ orderId, userId: user, reason });
      expect(await statusOf(user, orderId)).toMatchObject({ status: 'rejected', reason });
      expect((await statusOf(user, orderId)).total).toBeUndefined();
      expect(world.of('pos', 'bakery.payment.requested.v1', orderId)).toEqual([]);
      expect(world.of('products', 'bakery.order.cancelled.v1', orderId)).toEqual([]);
      expect(await world.instance(orderId)).toMatchObject({ runtimeStatus: 'Completed' });
    },
  );

  it.each(['insufficient-funds', 'payment-declined'] as const)(
    'payment declined (%s) → cancelled: products puts the items back, pos charges nothing',
    async (reason) => {
      const user = someone();
      const orderId = await world.placed(user);
      await world.reserve(orderId, user);
      await world.decline(orderId, user, reason);
      for (const reader of ['products', 'pos', 'users'] as const) {
        const cancelled = world.of(reader, 'bakery.order.cancelled.v1', orderId);
        expect(cancelled.map((e) => e.data)).toEqual([expect.objectContaining({ orderId, reason })]);
      }
      expect(await statusOf(user, orderId)).toMatchObject({ status: 'cancelled', reason });
      expect(world.of('products', 'bakery.order.paid.v1', orderId)).toEqual([]);
      expect(await world.instance(orderId)).toMatchObject({
        runtimeStatus: 'Completed',
        customStatus: { step: 'cancelled' },
      });
    },
  );

  it('reservation timeout → cancelled (reservation-timeout); a reservation that lands later asks for no payment', async () => {
    const user = someone();
    const orderId = await world.placed(user);
    await world.advance(RESERVATION_TIMEOUT - 1_000);
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'placed' });
    await world.advance(2_000);
    expect(await statusOf(user, orderId)).toMatchObject({
      status: 'cancelled',
      reason: 'reservation-timeout',
    });
    // order.cancelled is what makes products release (or refuse) whatever it reserves for the order.
    expect(world.of('products', 'bakery.order.cancelled.v1', orderId).map((e) => e.data.reason)).toEqual([
      'reservation-timeout',
    ]);
    await world.reserve(orderId, user);
    await world.failReservation(orderId, user, 'cancelled');
    expect(world.of('pos', 'bakery.payment.requested.v1', orderId)).toEqual([]);
    expect(world.of('products', 'bakery.order.cancelled.v1', orderId)).toHaveLength(1);
    expect(await statusOf(user, orderId)).toMatchObject({
      status: 'cancelled',
      reason: 'reservation-timeout',
    });
  });

  it('payment timeout → cancelled; a late approval is refunded exactly once, and the refund is recorded', async () => {
    const user = someone();
    const orderId = await world.placed(user);
    await world.reserve(orderId, user);
    await world.advance(PAYMENT_TIMEOUT + 1_000);
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'cancelled', reason: 'payment-timeout' });
    expect(world.of('pos', 'bakery.order.cancelled.v1', orderId)).toHaveLength(1);

    const late = await world.pay(orderId, user, 1600);
    await world.redeliver(late);
    await world.pay(orderId, user, 1600); // pos sending its answer again under a new event id
    const refunds = world.of('pos', 'bakery.refund.requested.v1', orderId);
    expect(refunds.map((e) => e.data)).toEqual([
      expect.objectContaining({ orderId, userId: user, amount: aud(1600), reason: 'late-payment' }),
    ]);
    expect(refunds[0].id).toBe(`${orderId}:refund-requested`);
    const view = await statusOf(user, orderId);
    expect(view).toMatchObject({ status: 'cancelled', reason: 'payment-timeout' });
    expect(view.total).toBeUndefined();
    expect(world.of('products', 'bakery.order.paid.v1', orderId)).toEqual([]);

    const refunded = await world.refunded(orderId, user, 1600);
    await world.redeliver(refunded);
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'cancelled', refunded: aud(1600) });
    expect(world.of('pos', 'bakery.refund.requested.v1', orderId)).toHaveLength(1);
  });

  it('a payment that reached the order before the saga timed out is refunded by the cancellation itself', async () => {
    const user = someone();
    const orderId = await world.placed(user);
    // The saga is still waiting for the reservation: the approval is recorded on the order, not acted on.
    await world.pay(orderId, user, 900);
    expect(await statusOf(user, orderId)).toMatchObject({ status: 'placed' });
    await world.advance(RESERVATION_TIMEOUT + 1_000);
    expect(await statusOf(user, orderId)).toMatchObject({
      status: 'cancelled',
      reason: 'reservation-timeout',
    });
    expect(world.of('pos', 'bakery.refund.requested.v1', orderId).map((e) => e.data.amount)).toEqual([
      aud(900),
    ]);
  });

  it('duplicated and redelivered events at every step change nothing: each step publishes once', async () => {
    const user = someone();
    const orderId = await world.placed(user);
    const reserved = await world.reserve(orderId, user);
    await world.send(reserved.type, reserved.data, reserved.id); // same message id: the broker drops it
    await world.redeliver(reserved); // a new message id: sales must ignore it
    const paid = await world.pay(orderId, user, 1600);
    await world.redeliver(paid);
    await world.redeliver(reserved);
    const handed = await world.handOver(reserved);
    await world.redeliver(handed);
    await world.redeliver(paid);
    await world.redeliver(reserved);
    // Facts that no longer apply to a finished order are harmless too.
    await world.decline(orderId, user, 'insufficient-funds');
    await world.failReservation(orderId, user, 'out-of-stock');

    const once = (reader: 'products' | 'pos' | 'users', type: Parameters<SalesWorld['of']>[1]) =>
      expect(world.of(reader, type, orderId)).toHaveLength(1);
    once('products', 'bakery.order.placed.v1');
    once('pos', 'bakery.payment.requested.v1');
    once('products', 'bakery.order.paid.v1');
    once('users', 'bakery.order.completed.v1');
    expect(world.of('products', 'bakery.order.cancelled.v1', orderId)).toEqual([]);
    expect(world.of('pos', 'bakery.refund.requested.v1', orderId)).toEqual([]);
    const view = await statusOf(user, orderId);
    expect(view).toMatchObject({ status: 'completed', total: aud(1600) });
    expect(view.items).toHaveLength(2);
  });

  it('a redelivered decline or reservation failure publishes one cancellation or rejection', async () => {
    const user = someone();
    const declinedId = await world.placed(user);
    await world.reserve(declinedId, user);
    const declined = await world.decline(declinedId, user, 'payment-declined');
    await world.redeliver(declined);
    await world.pay(declinedId, user, 1600); // an approval after a decline would be a bug in pos: still refunded
    expect(world.of('products', 'bakery.order.cancelled.v1', declinedId)).toHaveLength(1);
    expect(world.of('pos', 'bakery.refund.requested.v1', declinedId)).toHaveLength(1);

    const rejectedId = await world.placed(user);
    const failed = await world.failReservation(rejectedId, user, 'out-of-stock');
    await world.redeliver(failed);
    expect(world.of('users', 'bakery.order.rejected.v1', rejectedId)).toHaveLength(1);
  });

  it('an order written without its saga started (the request stopped in between) is started from the change feed', async () => {
    const { runtime } = world.bakery;
    const user = someone();
    // What POST /api/orders writes before it calls startNew, written as if the request then stopped.
    const outcome = await placeOrder(
      {
        container: () => runtime.store.container(SALES_CONTAINER),
        clock: runtime.clock,
        limits: { maxOpenOrders: 3, maxQuantityPerProduct: 20, maxLines: 20 },
        seedProducts: [],
        newId: randomUUID,
      },
      { customerId: user, lines: BREAD },
    );
    if (outcome.kind !== 'placed') throw new Error(outcome.kind);
    const orderId = outcome.order.orderId;
    await world.quiet();
    expect(world.of('products', 'bakery.order.placed.v1', orderId)).toHaveLength(1);
    expect((await world.instance(orderId)).customStatus).toEqual({ step: 'awaiting-reservation' });
    await world.failReservation(orderId, user, 'out-of-stock');
    expect((await statusOf(user, orderId)).status).toBe('rejected');
  });

  it('an event about an order sales never took is dead-lettered with the reason, not applied', async () => {
    const { runtime } = world.bakery;
    const orderId = '00000000-0000-4000-8000-000000000001';
    await expect(world.reserve(orderId, someone())).rejects.toThrow(
      /dead-lettered on products\/sales: .*is unknown/,
    );
    expect(runtime.bus.deadLetters('products', 'sales')).toHaveLength(1);
  });
});
