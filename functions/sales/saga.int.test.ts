import { PAYMENT_TIMEOUT, RESERVATION_TIMEOUT } from './sell-order.orchestration';
import { BREAD, aud, someone, startSales, type SalesWorld } from './sales-test-kit';

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
    expect(await world.instance(orderId)).toMatchObject({ runtimeStatus: 'Completed', customStatus: { step: 'completed' } });
    // Nothing to undo on a completed order.
    expect(world.of('products', 'bakery.order.cancelled.v1', orderId)).toEqual([]);
  });
});
