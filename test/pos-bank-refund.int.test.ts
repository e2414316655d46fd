import { randomUUID } from 'node:crypto';
import { startBakery, type Bakery } from './support/bakery-harness';
import { http, tempDir } from './support/runtime-harness';
import {
  createBakeryEvent,
  parseEvent,
  toMessage,
  topicOf,
  type BakeryEvent,
  type EventType,
  type PayloadOf,
} from '../shared/events';

jest.setTimeout(60_000);

const aud = (amount: number) => ({ amount, currency: 'AUD' });
/** Noon of the tests' bakery day, 2026-12-01 (Sydney, UTC+11): the bakery is open. */
const NOON = Date.parse('2026-12-01T01:00:00Z');
const BREAD = 800;

/**
 * pos beside the real bank (sales played by the test): a charge approved for an order that was
 * cancelled meanwhile is given back by pos itself, once, whichever of the approval and the
 * cancellation lands first; sales' refund.requested afterwards changes nothing; money is conserved.
 */
describe('pos and the bank: an approval and a cancellation crossing', () => {
  interface World {
    bakery: Bakery;
    /** What pos published, as sales receives it. */
    sales: BakeryEvent[];
    send<T extends EventType>(type: T, data: PayloadOf<T>): Promise<BakeryEvent<T>>;
    quiet(): Promise<void>;
    books(): Promise<Record<string, any>>;
    balance(userId: string): Promise<number>;
    stop(): Promise<void>;
  }

  async function start(services: string, stateDir: string, startAt: number): Promise<World> {
    const bakery = await startBakery({ settings: { BAKERY_SERVICES: services }, stateDir, startAt });
    const { runtime } = bakery;
    const sales: BakeryEvent[] = [];
    const subscription = runtime.bus.subscribe(
      'pos',
      'sales',
      async (m) => void sales.push(parseEvent(m.body)),
    );
    const clock = { now: () => runtime.clock.now() };
    const loaded = services.split(',');
    const quiet = async () => {
      for (let calm = 0; calm < 3;) {
        await runtime.idle();
        await new Promise((resolve) => setImmediate(resolve));
        // The loaded services' subscriptions, and pos's own topic as sales (the test) reads it.
        const busy = runtime.bus
          .stats()
          .some(
            (s) =>
              (loaded.includes(s.subscription) || (s.topic === 'pos' && s.subscription === 'sales')) &&
              (s.active > 0 || s.inFlight > 0),
          );
        calm = busy ? 0 : calm + 1;
      }
    };
    const staff = async () => ({ authorization: `Bearer ${await bakery.staffToken()}` });
    return {
      bakery,
      sales,
      send: async (type, data) => {
        const event = createBakeryEvent(type, data, { clock });
        await runtime.bus.send(topicOf(type), toMessage(event));
        await quiet();
        return event;
      },
      quiet,
      books: async () => {
        const res = await http(runtime.baseUrl, 'GET', '/api/bank/books', undefined, await staff());
        if (res.status !== 200) throw new Error(`books answered ${res.status}: ${res.text}`);
        return res.json as Record<string, any>;
      },
      balance: async (userId) => {
        const auth = { authorization: `Bearer ${await bakery.customerToken(userId)}` };
        const res = await http(runtime.baseUrl, 'GET', '/api/bank/accounts/me', undefined, auth);
        return res.json.balance.amount as number;
      },
      stop: async () => {
        await subscription.close();
        await bakery.stop();
      },
    };
  }

  /** Signs the customer up and deposits 20.00 (as functions/bank/bank-test-kit.ts does). */
  async function customerWithMoney(world: World, userId: string) {
    const at = new Date(world.bakery.runtime.clock.now()).toISOString();
    await world.send('bakery.user.signed-up.v1', { userId, name: userId, signedUpAt: at });
    const auth = { authorization: `Bearer ${await world.bakery.customerToken(userId)}` };
    const res = await http(
      world.bakery.runtime.baseUrl,
      'POST',
      '/api/bank/accounts/me/deposits',
      { amount: 2000 },
      auth,
    );
    expect(res.status).toBe(201);
    await world.quiet();
  }

  const order = (userId: string) => ({ orderId: randomUUID(), userId });
  const iso = (world: World) => new Date(world.bakery.runtime.clock.now()).toISOString();
  const requestPayment = (world: World, o: { orderId: string; userId: string }) =>
    world.send('bakery.payment.requested.v1', {
      ...o,
      lines: [{ productId: 'bread', quantity: 1 }],
      placedAt: iso(world),
    });
  const cancel = (world: World, o: { orderId: string; userId: string }) =>
    world.send('bakery.order.cancelled.v1', { ...o, reason: 'payment-timeout', cancelledAt: iso(world) });
  /** What sales does when it hears payment.succeeded for a cancelled order. */
  const salesRefund = (world: World, o: { orderId: string; userId: string }) =>
    world.send('bakery.refund.requested.v1', {
      ...o,
      amount: aud(BREAD),
      reason: 'late-payment',
      requestedAt: iso(world),
    });
  const of = (world: World, type: EventType, orderId: string) =>
    world.sales.filter((e) => e.type === type && (e.data as { orderId: string }).orderId === orderId);

  async function expectGivenBack(world: World, o: { orderId: string; userId: string }) {
    expect(of(world, 'bakery.payment.succeeded.v1', o.orderId)).toHaveLength(1);
    expect(of(world, 'bakery.payment.refunded.v1', o.orderId).map((e) => e.data)).toEqual([
      expect.objectContaining({ chargeId: `order:${o.orderId}`, amount: aud(BREAD) }),
    ]);
    expect(await world.balance(o.userId)).toBe(2000);
    const books = await world.books();
    expect(books).toMatchObject({ balanced: true, accountsOutOfBalance: 0, pending: aud(0) });
    expect(books.customers.amount + books.takings.amount).toBe(books.deposits.amount);
    expect(books.takings.amount).toBe(books.charges.amount - books.refunds.amount);
    expect(books.takings).toEqual(aud(0));
    const auth = { authorization: `Bearer ${await world.bakery.customerToken(o.userId)}` };
    const receipt = await http(
      world.bakery.runtime.baseUrl,
      'GET',
      `/api/pos/receipts/${o.orderId}`,
      undefined,
      auth,
    );
    expect(receipt.json.status).toBe('refunded');
  }

  it('cancellation first, approval after: pos refunds at once; sales’ refund.requested changes nothing', async () => {
    const stateDir = tempDir('pos-bank-');
    let world = await start('pos,bank', stateDir, NOON);
    const o = order(`ann-${randomUUID().slice(0, 8)}`);
    try {
      await customerWithMoney(world, o.userId);
      let at = world.bakery.runtime.clock.now();
      await world.stop();
      // Without the bank loaded, pos's charge.requested waits on the bank's subscription.
      world = await start('pos', stateDir, at);
      await requestPayment(world, o);
      await cancel(world, o);
      at = world.bakery.runtime.clock.now();
      await world.stop();
      // The bank comes back: it approves, the approval lands on a cancelled payment.
      world = await start('pos,bank', stateDir, at);
      await world.quiet();
      await expectGivenBack(world, o);
      await salesRefund(world, o);
      await cancel(world, o);
      await expectGivenBack(world, o);
    } finally {
      await world.stop();
    }
  });

  it('approval first, cancellation after: pos refunds at once; sales’ refund.requested changes nothing', async () => {
    const world = await start('pos,bank', tempDir('pos-bank-'), NOON);
    const o = order(`bob-${randomUUID().slice(0, 8)}`);
    try {
      await customerWithMoney(world, o.userId);
      await requestPayment(world, o);
      expect(await world.balance(o.userId)).toBe(2000 - BREAD);
      expect(of(world, 'bakery.payment.succeeded.v1', o.orderId)).toHaveLength(1);
      await cancel(world, o);
      await expectGivenBack(world, o);
      await salesRefund(world, o);
      await salesRefund(world, o);
      await expectGivenBack(world, o);
    } finally {
      await world.stop();
    }
  });
});
