/**
 * Helpers for the sales service's integration tests (kept out of *.test.ts so jest does not run it
 * as a suite). They reach sales only through its public edges: HTTP, the events it consumes (sent
 * on the products, pos and menu topics as those services would) and the events it publishes on the
 * `sales` topic, read through the products, pos and users subscriptions while those services are
 * not loaded.
 */
import { randomUUID } from 'node:crypto';
import { startBakery, type Bakery } from '../../test/support/bakery-harness';
import { quietService } from '../../test/support/service-quiet';
import { http } from '../../test/support/runtime-harness';
import {
  createBakeryEvent,
  parseEvent,
  toMessage,
  topicOf,
  type BakeryEvent,
  type EventType,
  type PayloadOf,
} from '../../shared/events';

export const aud = (amount: number) => ({ amount, currency: 'AUD' });
export type Lines = Array<{ productId: string; quantity: number }>;
type Reader = 'products' | 'pos' | 'users';

export interface SalesWorld {
  bakery: Bakery;
  /** Events on the sales topic as each reader receives them, in arrival order. */
  heard: Record<Reader, BakeryEvent[]>;
  /** The events of `type` (about `orderId`) the reader received. */
  of<T extends EventType>(reader: Reader, type: T, orderId?: string): Array<BakeryEvent<T>>;
  send<T extends EventType>(type: T, data: PayloadOf<T>, id?: string): Promise<BakeryEvent<T>>;
  /** The same event again with a new message id: a redelivery the broker's duplicate detection does not catch. */
  redeliver(event: BakeryEvent): Promise<void>;
  place(userId: string, body: unknown, key?: string): ReturnType<typeof http>;
  /** Places `lines` for `userId` and waits for order.placed; answers the order id. */
  placed(userId: string, lines?: Lines): Promise<string>;
  order(userId: string, orderId: string): ReturnType<typeof http>;
  list(userId: string, query?: string): ReturnType<typeof http>;
  /** products' answer: every line reserved (fresh item ids). */
  reserve(orderId: string, userId: string, lines?: Lines): Promise<BakeryEvent<'bakery.order.reserved.v1'>>;
  failReservation(
    orderId: string,
    userId: string,
    reason: 'out-of-stock' | 'invalid-order' | 'cancelled',
  ): Promise<BakeryEvent<'bakery.order.reservation-failed.v1'>>;
  /** pos' answers. */
  pay(orderId: string, userId: string, amount?: number): Promise<BakeryEvent<'bakery.payment.succeeded.v1'>>;
  decline(
    orderId: string,
    userId: string,
    reason: 'insufficient-funds' | 'payment-declined',
  ): Promise<BakeryEvent<'bakery.payment.failed.v1'>>;
  refunded(
    orderId: string,
    userId: string,
    amount: number,
  ): Promise<BakeryEvent<'bakery.payment.refunded.v1'>>;
  /** products hands over what it reserved. */
  handOver(
    reserved: BakeryEvent<'bakery.order.reserved.v1'>,
  ): Promise<BakeryEvent<'bakery.order.handed-over.v1'>>;
  /** Lets the bakery clock run `ms` further, firing durable timers on the way, then waits until quiet. */
  advance(ms: number): Promise<void>;
  /** Waits until nothing is running or queued, and fails on any dead-lettered sales message. */
  quiet(): Promise<void>;
  /** The sell-order instance of the order (runtime status, custom status). */
  instance(orderId: string): Promise<{ runtimeStatus: string; customStatus?: unknown }>;
  stop(): Promise<void>;
}

export const SALES_ONLY = { BAKERY_SERVICES: 'sales' };
export const BREAD: Lines = [{ productId: 'bread', quantity: 2 }];

/** `stateDir`: keep the bakery's state there, so a second start continues where the first stopped. */
export async function startSales(options: { stateDir?: string; startAt?: number } = {}): Promise<SalesWorld> {
  const bakery = await startBakery({ settings: SALES_ONLY, ...options });
  const { runtime } = bakery;
  const heard: SalesWorld['heard'] = { products: [], pos: [], users: [] };
  const subscriptions = (Object.keys(heard) as Reader[]).map((reader) =>
    runtime.bus.subscribe('sales', reader, async (m) => void heard[reader].push(parseEvent(m.body))),
  );
  const clock = { now: () => runtime.clock.now() };
  const now = () => new Date(clock.now()).toISOString();
  const as = async (userId: string) => ({ authorization: `Bearer ${await bakery.customerToken(userId)}` });

  const quiet = () =>
    quietService(runtime, 'sales', [
      ['products', 'sales'],
      ['pos', 'sales'],
      ['menu', 'sales'],
    ]);
  const send = async <T extends EventType>(type: T, data: PayloadOf<T>, id?: string) => {
    const event = createBakeryEvent(type, data, { clock, ...(id ? { id } : {}) });
    await runtime.bus.send(topicOf(type), toMessage(event));
    await quiet();
    return event;
  };
  const of = <T extends EventType>(reader: Reader, type: T, orderId?: string) =>
    heard[reader].filter(
      (e) => e.type === type && (orderId === undefined || e.subject === orderId),
    ) as unknown as Array<BakeryEvent<T>>;
  const place = async (userId: string, body: unknown, key?: string) =>
    http(runtime.baseUrl, 'POST', '/api/orders', body, {
      ...(await as(userId)),
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    });

  const world: SalesWorld = {
    bakery,
    heard,
    of,
    send,
    redeliver: async (event) => {
      await runtime.bus.send(topicOf(event.type), { ...toMessage(event), messageId: randomUUID() });
      await quiet();
    },
    place,
    placed: async (userId, lines = BREAD) => {
      const res = await place(userId, { lines });
      if (res.status !== 202) throw new Error(`POST /api/orders answered ${res.status}: ${res.text}`);
      await quiet();
      return res.json.id as string;
    },
    order: async (userId, orderId) =>
      http(runtime.baseUrl, 'GET', `/api/orders/${orderId}`, undefined, await as(userId)),
    list: async (userId, query = '') =>
      http(runtime.baseUrl, 'GET', `/api/orders${query}`, undefined, await as(userId)),
    reserve: (orderId, userId, lines = BREAD) =>
      send('bakery.order.reserved.v1', {
        orderId,
        userId,
        items: lines.flatMap((l) =>
          Array.from({ length: l.quantity }, () => ({
            id: randomUUID(),
            productId: l.productId,
            expiresAt: new Date(clock.now() + 3_600_000).toISOString(),
          })),
        ),
        reservedAt: now(),
      }),
    failReservation: (orderId, userId, reason) =>
      send('bakery.order.reservation-failed.v1', {
        orderId,
        userId,
        reason,
        shortages: reason === 'out-of-stock' ? [{ productId: 'bread', requested: 2, available: 0 }] : [],
        failedAt: now(),
      }),
    pay: (orderId, userId, amount = 1600) =>
      send('bakery.payment.succeeded.v1', {
        orderId,
        userId,
        chargeId: `order:${orderId}`,
        amount: aud(amount),
        paidAt: now(),
      }),
    decline: (orderId, userId, reason) =>
      send('bakery.payment.failed.v1', {
        orderId,
        userId,
        chargeId: `order:${orderId}`,
        reason,
        failedAt: now(),
      }),
    refunded: (orderId, userId, amount) =>
      send('bakery.payment.refunded.v1', {
        orderId,
        userId,
        chargeId: `order:${orderId}`,
        amount: aud(amount),
        refundedAt: now(),
      }),
    handOver: (reserved) =>
      send('bakery.order.handed-over.v1', {
        orderId: reserved.data.orderId,
        userId: reserved.data.userId,
        items: reserved.data.items.map(({ id, productId }) => ({ id, productId })),
        handedOverAt: now(),
      }),
    advance: async (ms) => {
      await runtime.clock.advanceTo(clock.now() + ms);
      await quiet();
    },
    quiet,
    instance: async (orderId) => {
      const res = await fetch(`${runtime.baseUrl}/admin/durable/instances`);
      const list = (await res.json()) as Array<{
        instanceId: string;
        runtimeStatus: string;
        customStatus?: unknown;
      }>;
      const found = list.find((i) => i.instanceId === orderId);
      if (!found) throw new Error(`no sell-order instance ${orderId}`);
      return found;
    },
    stop: async () => {
      await Promise.all(subscriptions.map((s) => s.close()));
      await bakery.stop();
    },
  };
  return world;
}

/** A user id unique to one test. */
export const someone = (name = 'customer') => `${name}-${randomUUID().slice(0, 8)}`;
