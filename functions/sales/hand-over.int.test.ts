import { HAND_OVER_RESENDS } from './sell-order-decisions';
import { HAND_OVER_TIMEOUT } from './sell-order.orchestration';
import { BREAD, aud, someone, startSales, type SalesWorld } from './sales-test-kit';

jest.setTimeout(60_000);
const STRANGER = '77777777-7777-4777-8777-777777777777';

/**
 * After the payment: sales completes an order only with exactly its lines, every item one that was
 * reserved for it, and sends order.paid again (backing off) when no hand-over comes. The test
 * plays products, so it decides what products hears and says.
 */
describe('the hand-over of a paid order', () => {
  let world: SalesWorld;
  beforeAll(async () => {
    world = await startSales();
  });
  afterAll(() => world.stop());

  const TWO = [{ productId: 'bread', quantity: 2 }];
  const paidOrder = async (user: string, lines = TWO) => {
    const id = await world.placed(user, lines);
    const reserved = await world.reserve(id, user, lines);
    await world.pay(id, user, 1600);
    return { id, reserved };
  };
  const now = () => new Date(world.bakery.runtime.clock.now()).toISOString();

  it('a short hand-over does not complete the order: it stays paid, the saga says why, and waits', async () => {
    const user = someone();
    const { id, reserved } = await paidOrder(user);
    const [first, second] = reserved.data.items;
    await world.send('bakery.order.handed-over.v1', {
      orderId: id,
      userId: user,
      items: [{ id: first.id, productId: 'bread' }],
      handedOverAt: now(),
    });
    expect((await world.order(user, id)).json).toMatchObject({ status: 'paid', total: aud(1600) });
    expect((await world.order(user, id)).json.items).toBeUndefined();
    expect(world.of('users', 'bakery.order.completed.v1', id)).toEqual([]);
    const saga = await world.instance(id);
    expect(saga.runtimeStatus).toBe('Running');
    expect(saga.customStatus).toEqual({
      step: 'hand-over-mismatch',
      mismatch: { counts: [{ productId: 'bread', ordered: 2, handed: 1 }], unexpectedItems: [] },
    });
    // No resend after a wrong hand-over: products handed over what it holds; an operator looks.
    await world.advance(10 * HAND_OVER_TIMEOUT);
    expect(world.of('products', 'bakery.order.paid.v1', id)).toHaveLength(1);

    // A hand-over that is exactly the order (e.g. the corrected one an operator raises) completes it.
    await world.send('bakery.order.handed-over.v1', {
      orderId: id,
      userId: user,
      items: [
        { id: second.id, productId: 'bread' },
        { id: first.id, productId: 'bread' },
      ],
      handedOverAt: now(),
    });
    expect((await world.order(user, id)).json).toMatchObject({ status: 'completed' });
    expect((await world.order(user, id)).json.items).toHaveLength(2);
  });

  it('a hand-over of items not reserved for the order does not complete it', async () => {
    const user = someone();
    const { id, reserved } = await paidOrder(user);
    await world.send('bakery.order.handed-over.v1', {
      orderId: id,
      userId: user,
      items: [
        { id: reserved.data.items[0].id, productId: 'bread' },
        { id: STRANGER, productId: 'bread' },
      ],
      handedOverAt: now(),
    });
    expect((await world.order(user, id)).json.status).toBe('paid');
    expect((await world.instance(id)).customStatus).toMatchObject({
      step: 'hand-over-mismatch',
      mismatch: { unexpectedItems: [STRANGER] },
    });
  });

  it('no hand-over in time: order.paid again as <orderId>:paid:1; the hand-over for it completes the order', async () => {
    const user = someone();
    const { id, reserved } = await paidOrder(user, BREAD);
    // products heard the first order.paid, but its hand-over never reached sales.
    expect(world.of('products', 'bakery.order.paid.v1', id).map((e) => e.id)).toEqual([`${id}:paid`]);
    await world.advance(HAND_OVER_TIMEOUT - 1_000);
    expect(world.of('products', 'bakery.order.paid.v1', id)).toHaveLength(1);
    await world.advance(2_000);
    const resent = world.of('products', 'bakery.order.paid.v1', id);
    expect(resent.map((e) => e.id)).toEqual([`${id}:paid`, `${id}:paid:1`]);
    expect(resent[1].data).toEqual(resent[0].data);
    expect((await world.instance(id)).customStatus).toEqual({ step: 'awaiting-hand-over', paidResent: 1 });
    await world.handOver(reserved);
    expect((await world.order(user, id)).json).toMatchObject({ status: 'completed', total: aud(1600) });
    // A copy of the hand-over, or a later timer, changes nothing.
    await world.handOver(reserved);
    await world.advance(100 * HAND_OVER_TIMEOUT);
    expect(world.of('products', 'bakery.order.paid.v1', id)).toHaveLength(2);
    expect(world.of('users', 'bakery.order.completed.v1', id)).toHaveLength(1);
  });

  it('never handed over: a few resends, backing off, then overdue — still paid, never refunded; a late hand-over completes it', async () => {
    const user = someone();
    const { id, reserved } = await paidOrder(user, BREAD);
    let wait = HAND_OVER_TIMEOUT;
    for (let n = 1; n <= HAND_OVER_RESENDS; n++) {
      await world.advance(wait - 1_000);
      expect(world.of('products', 'bakery.order.paid.v1', id)).toHaveLength(n);
      await world.advance(1_000);
      expect(world.of('products', 'bakery.order.paid.v1', id).at(-1)?.id).toBe(`${id}:paid:${n}`);
      wait *= 2;
    }
    await world.advance(wait);
    expect((await world.instance(id)).customStatus).toEqual({
      step: 'hand-over-overdue',
      paidResent: HAND_OVER_RESENDS,
    });
    await world.advance(48 * 3_600_000);
    expect(world.of('products', 'bakery.order.paid.v1', id)).toHaveLength(1 + HAND_OVER_RESENDS);
    expect(world.of('pos', 'bakery.refund.requested.v1', id)).toEqual([]);
    expect((await world.order(user, id)).json.status).toBe('paid');
    await world.handOver(reserved);
    expect((await world.order(user, id)).json.status).toBe('completed');
  });
});
