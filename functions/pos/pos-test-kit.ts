/**
 * Helpers for pos's integration tests (kept out of *.test.ts so jest does not run it as a suite).
 * They reach pos only through its public edges: HTTP, the events it consumes (sent on the menu,
 * sales and bank topics as those services would), and the events it publishes on the `pos` topic,
 * read through the sales and bank subscriptions while those services are not loaded.
 */
import { randomUUID } from 'node:crypto';
import { CLOSING, MINUTE, startBakery, type Bakery } from '../../test/support/bakery-harness';
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
export { CLOSING, MINUTE };
/** Noon of the tests' bakery day, 2026-12-01 (Sydney, UTC+11). */
export const NOON = Date.parse('2026-12-01T01:00:00Z');
export const iso = (t: number) => new Date(t).toISOString();

type Lines = PayloadOf<'bakery.payment.requested.v1'>['lines'];
type ChargeRequested = BakeryEvent<'bakery.charge.requested.v1'>;

export interface PosWorld {
  bakery: Bakery;
  /** Events on the pos topic as sales receives them (payment outcomes). */
  sales: BakeryEvent[];
  /** Events on the pos topic as the bank receives them (charge and refund requests). */
  bank: BakeryEvent[];
  send<T extends EventType>(type: T, data: PayloadOf<T>, id?: string): Promise<BakeryEvent<T>>;
  /** The same event again with a new message id: a redelivery the broker's duplicate detection does not catch. */
  redeliver(event: BakeryEvent): Promise<void>;
  requestPayment(
    userId: string,
    lines: Lines,
    placedAt?: number,
  ): Promise<BakeryEvent<'bakery.payment.requested.v1'>>;
  cancel(
    order: { orderId: string; userId: string },
    reason?: PayloadOf<'bakery.order.cancelled.v1'>['reason'],
  ): Promise<BakeryEvent<'bakery.order.cancelled.v1'>>;
  /** The bank's approval of a charge pos asked for, with the balance the bank would report. */
  approve(charge: ChargeRequested, approvedAt?: number): Promise<BakeryEvent<'bakery.charge.approved.v1'>>;
  decline(
    charge: ChargeRequested,
    reason: 'insufficient-funds' | 'no-account',
  ): Promise<BakeryEvent<'bakery.charge.declined.v1'>>;
  requestRefund(
    paid: BakeryEvent<'bakery.payment.succeeded.v1'>,
  ): Promise<BakeryEvent<'bakery.refund.requested.v1'>>;
  refund(
    request: BakeryEvent<'bakery.charge.refund-requested.v1'>,
    refundedAt?: number,
  ): Promise<BakeryEvent<'bakery.charge.refunded.v1'>>;
  changeMenuItem(
    change: Partial<PayloadOf<'bakery.menu-item.changed.v1'>> & { productId: string; version: number },
  ): Promise<BakeryEvent<'bakery.menu-item.changed.v1'>>;
  /** pos's events of one type for one order, as sales or the bank got them. */
  published<T extends EventType>(type: T, orderId: string): Array<BakeryEvent<T>>;
  /** The only charge.requested for an order (fails when there is none or more than one). */
  chargeOf(orderId: string): ChargeRequested;
  /** Waits until nothing is running or queued, and fails on any dead-lettered pos message. */
  quiet(): Promise<void>;
  as(userId: string): Promise<Record<string, string>>;
  asStaff(): Promise<Record<string, string>>;
  receipt(orderId: string, userId: string): ReturnType<typeof http>;
  takings(date: string, headers?: Record<string, string>): ReturnType<typeof http>;
  stop(): Promise<void>;
}

export async function startPos(): Promise<PosWorld> {
  const bakery = await startBakery({ settings: { BAKERY_SERVICES: 'pos' } });
  const { runtime } = bakery;
  const sales: BakeryEvent[] = [];
  const bank: BakeryEvent[] = [];
  const subscriptions = [
    runtime.bus.subscribe('pos', 'sales', async (m) => void sales.push(parseEvent(m.body))),
    runtime.bus.subscribe('pos', 'bank', async (m) => void bank.push(parseEvent(m.body))),
  ];
  const clock = { now: () => runtime.clock.now() };
  const now = () => iso(clock.now());
  const send = async <T extends EventType>(type: T, data: PayloadOf<T>, id?: string) => {
    const event = createBakeryEvent(type, data, { clock, ...(id ? { id } : {}) });
    await runtime.bus.send(topicOf(type), toMessage(event));
    return event;
  };
  const as = async (userId: string) => ({ authorization: `Bearer ${await bakery.customerToken(userId)}` });
  const asStaff = async () => ({ authorization: `Bearer ${await bakery.staffToken()}` });
  const get = (path: string, headers: Record<string, string>) =>
    http(runtime.baseUrl, 'GET', path, undefined, headers);
  const published = <T extends EventType>(type: T, orderId: string) =>
    [...sales, ...bank].filter(
      (e) => e.type === type && (e.data as { orderId: string }).orderId === orderId,
    ) as unknown as Array<BakeryEvent<T>>;
  let transactions = 0;
  const quiet = () =>
    quietService(runtime, 'pos', [
      ['menu', 'pos'],
      ['sales', 'pos'],
      ['bank', 'pos'],
      ['pos', 'sales'],
      ['pos', 'bank'],
    ]);
  return {
    bakery,
    sales,
    bank,
    send,
    redeliver: (event) =>
      runtime.bus.send(topicOf(event.type), { ...toMessage(event), messageId: randomUUID() }),
    requestPayment: (userId, lines, placedAt = NOON) =>
      send('bakery.payment.requested.v1', { orderId: randomUUID(), userId, lines, placedAt: iso(placedAt) }),
    cancel: ({ orderId, userId }, reason = 'payment-timeout') =>
      send('bakery.order.cancelled.v1', { orderId, userId, reason, cancelledAt: now() }),
    approve: (charge, approvedAt = clock.now()) =>
      send('bakery.charge.approved.v1', {
        chargeId: charge.data.chargeId,
        orderId: charge.data.orderId,
        userId: charge.data.userId,
        amount: charge.data.amount,
        transactionId: `chg-${++transactions}`,
        balance: aud(100_000),
        accountVersion: transactions + 1,
        approvedAt: iso(approvedAt),
      }),
    decline: (charge, reason) =>
      send('bakery.charge.declined.v1', {
        chargeId: charge.data.chargeId,
        orderId: charge.data.orderId,
        userId: charge.data.userId,
        amount: charge.data.amount,
        reason,
        declinedAt: now(),
      }),
    requestRefund: (paid) =>
      send('bakery.refund.requested.v1', {
        orderId: paid.data.orderId,
        userId: paid.data.userId,
        amount: paid.data.amount,
        reason: 'late-payment',
        requestedAt: now(),
      }),
    refund: (request, refundedAt = clock.now()) =>
      send('bakery.charge.refunded.v1', {
        chargeId: request.data.chargeId,
        orderId: request.data.orderId,
        userId: request.data.userId,
        amount: request.data.amount,
        transactionId: `ref-${++transactions}`,
        balance: aud(100_000),
        accountVersion: transactions + 1,
        refundedAt: iso(refundedAt),
      }),
    changeMenuItem: (change) =>
      send('bakery.menu-item.changed.v1', {
        name: `${change.productId} v${change.version}`,
        description: '',
        price: aud(1000),
        closingDiscountPercent: 0,
        effectiveFrom: now(),
        ...change,
      }),
    published,
    chargeOf: (orderId) => {
      const charges = published('bakery.charge.requested.v1', orderId);
      if (charges.length !== 1) throw new Error(`${charges.length} charge requests for order ${orderId}`);
      return charges[0];
    },
    quiet,
    as,
    asStaff,
    receipt: async (orderId, userId) => get(`/api/pos/receipts/${orderId}`, await as(userId)),
    takings: async (date, headers) =>
      get(`/api/pos/takings?date=${encodeURIComponent(date)}`, headers ?? (await asStaff())),
    stop: async () => {
      await Promise.all(subscriptions.map((s) => s.close()));
      await bakery.stop();
    },
  };
}
