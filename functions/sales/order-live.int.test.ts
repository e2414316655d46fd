import { connectLive, type LiveClient } from '../../local/live/live-test-kit';
import { http } from '../../test/support/runtime-harness';
import { someone, startSales, type SalesWorld } from './sales-test-kit';

jest.setTimeout(30_000);

/**
 * order.updated on the customer's live socket (GET /api/live/negotiate with their token), sales
 * alone with the tests playing products and pos: each status the order moves to, in order, to that
 * customer's sockets only.
 */
describe('order.updated', () => {
  let world: SalesWorld;
  const sockets: LiveClient[] = [];
  beforeAll(async () => {
    world = await startSales();
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
    await world.stop();
  });

  async function socketOf(userId?: string): Promise<LiveClient> {
    const headers: Record<string, string> = userId
      ? { authorization: `Bearer ${await world.bakery.customerToken(userId)}` }
      : {};
    const res = await http(world.bakery.runtime.baseUrl, 'GET', '/api/live/negotiate', undefined, headers);
    expect(res.status).toBe(200);
    const socket = await connectLive(res.json.url);
    sockets.push(socket);
    return socket;
  }

  /** A message to everyone: whatever a socket got before it, it got before this. */
  async function marker(): Promise<void> {
    const { runtime } = world.bakery;
    await runtime.live.hub('bakery', () => runtime.baseUrl).toAll({ type: 'marker' });
  }

  it('follows the order through reserved, paid and completed, to its customer only', async () => {
    const alex = someone();
    const sam = someone();
    const alexSocket = await socketOf(alex);
    const samSocket = await socketOf(sam);
    const anonymous = await socketOf();

    const orderId = await world.placed(alex);
    const reserved = await world.reserve(orderId, alex);
    await world.pay(orderId, alex, 1600);
    await world.handOver(reserved);
    await marker();

    const got = [];
    for (let i = 0; i < 3; i++) got.push(await alexSocket.next());
    expect(got).toEqual([
      { type: 'order.updated', orderId, status: 'reserved' },
      { type: 'order.updated', orderId, status: 'paid' },
      { type: 'order.updated', orderId, status: 'completed' },
    ]);
    await expect(alexSocket.next()).resolves.toEqual({ type: 'marker' });
    await expect(samSocket.next()).resolves.toEqual({ type: 'marker' });
    await expect(anonymous.next()).resolves.toEqual({ type: 'marker' });
  });

  it('says why an order was rejected, once, however often the answer is redelivered', async () => {
    const alex = someone();
    const socket = await socketOf(alex);
    const orderId = await world.placed(alex);
    const failed = await world.failReservation(orderId, alex, 'out-of-stock');
    await world.redeliver(failed);
    await marker();
    await expect(socket.next()).resolves.toEqual({
      type: 'order.updated',
      orderId,
      status: 'rejected',
      reason: 'out-of-stock',
    });
    await expect(socket.next()).resolves.toEqual({ type: 'marker' });
    // And the record says the same.
    expect((await world.order(alex, orderId)).json).toMatchObject({
      status: 'rejected',
      reason: 'out-of-stock',
    });
  });
});
