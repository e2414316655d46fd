/**
 * Helpers for the bank's integration tests (kept out of *.test.ts so jest does not run it as a
 * suite). They reach the bank only through its public edges: HTTP, the events it consumes (sent on
 * the auth and pos topics as auth and pos would), and the events it publishes on the `bank` topic,
 * read through the pos and users subscriptions while those services are not loaded.
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

export interface BankWorld {
  bakery: Bakery;
  /** Events on the bank topic as pos receives them (charge answers). */
  pos: BakeryEvent[];
  /** Events on the bank topic as users receives them (accounts, deposits, approvals, refunds). */
  users: BakeryEvent[];
  send<T extends EventType>(type: T, data: PayloadOf<T>, id?: string): Promise<BakeryEvent<T>>;
  /** The same event again with a new message id: a redelivery the broker's duplicate detection does not catch. */
  redeliver(event: BakeryEvent): Promise<void>;
  signUp(userId: string): Promise<BakeryEvent<'bakery.user.signed-up.v1'>>;
  requestCharge(
    userId: string,
    amount: number,
    chargeId?: string,
  ): Promise<BakeryEvent<'bakery.charge.requested.v1'>>;
  requestRefund(
    charge: PayloadOf<'bakery.charge.requested.v1'>,
    amount?: number,
  ): Promise<BakeryEvent<'bakery.charge.refund-requested.v1'>>;
  /** Waits until nothing is running or queued, and fails on any dead-lettered bank message. */
  quiet(): Promise<void>;
  as(userId: string): Promise<Record<string, string>>;
  asStaff(): Promise<Record<string, string>>;
  get(path: string, headers: Record<string, string>): ReturnType<typeof http>;
  deposit(userId: string, body: unknown, key?: string): ReturnType<typeof http>;
  /** Every page of the user's transactions, newest first. */
  allTransactions(userId: string, limit?: number): Promise<Array<Record<string, any>>>;
  books(): Promise<Record<string, any>>;
  /** Customers' balances + takings = deposits, every charge and refund applied to the takings. */
  expectConserved(): Promise<Record<string, any>>;
  stop(): Promise<void>;
}

export async function startBank(): Promise<BankWorld> {
  const bakery = await startBakery({ settings: { BAKERY_SERVICES: 'bank' } });
  const { runtime } = bakery;
  const pos: BakeryEvent[] = [];
  const users: BakeryEvent[] = [];
  const subscriptions = [
    runtime.bus.subscribe('bank', 'pos', async (m) => void pos.push(parseEvent(m.body))),
    runtime.bus.subscribe('bank', 'users', async (m) => void users.push(parseEvent(m.body))),
  ];
  const clock = { now: () => runtime.clock.now() };
  const send = async <T extends EventType>(type: T, data: PayloadOf<T>, id?: string) => {
    const event = createBakeryEvent(type, data, { clock, ...(id ? { id } : {}) });
    await runtime.bus.send(topicOf(type), toMessage(event));
    return event;
  };
  const as = async (userId: string) => ({ authorization: `Bearer ${await bakery.customerToken(userId)}` });
  const asStaff = async () => ({ authorization: `Bearer ${await bakery.staffToken()}` });
  const get = (path: string, headers: Record<string, string>) =>
    http(runtime.baseUrl, 'GET', path, undefined, headers);
  const quiet = () =>
    quietService(runtime, 'bank', [
      ['auth', 'bank'],
      ['pos', 'bank'],
      ['bank', 'pos'],
      ['bank', 'users'],
    ]);
  const books = async () => {
    const res = await get('/api/bank/books', await asStaff());
    if (res.status !== 200) throw new Error(`books answered ${res.status}: ${res.text}`);
    return res.json as Record<string, any>;
  };
  return {
    bakery,
    pos,
    users,
    send,
    redeliver: (event) =>
      runtime.bus.send(topicOf(event.type), { ...toMessage(event), messageId: randomUUID() }),
    signUp: (userId) =>
      send('bakery.user.signed-up.v1', {
        userId,
        name: userId,
        signedUpAt: new Date(clock.now()).toISOString(),
      }),
    requestCharge: (userId, amount, chargeId = `charge-${randomUUID()}`) =>
      send('bakery.charge.requested.v1', {
        chargeId,
        orderId: randomUUID(),
        userId,
        amount: aud(amount),
        requestedAt: new Date(clock.now()).toISOString(),
      }),
    requestRefund: (charge, amount = charge.amount.amount) =>
      send('bakery.charge.refund-requested.v1', {
        chargeId: charge.chargeId,
        orderId: charge.orderId,
        userId: charge.userId,
        amount: aud(amount),
        requestedAt: new Date(clock.now()).toISOString(),
      }),
    quiet,
    as,
    asStaff,
    get,
    deposit: async (userId, body, key) =>
      http(runtime.baseUrl, 'POST', '/api/bank/accounts/me/deposits', body, {
        ...(await as(userId)),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      }),
    allTransactions: async (userId, limit) => {
      const items: Array<Record<string, any>> = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({
          ...(limit ? { limit: String(limit) } : {}),
          ...(token ? { continuationToken: token } : {}),
        });
        const res = await get(`/api/bank/accounts/me/transactions?${query.toString()}`, await as(userId));
        if (res.status !== 200) throw new Error(`transactions answered ${res.status}: ${res.text}`);
        items.push(...(res.json.items as Array<Record<string, any>>));
        token = res.json.continuationToken as string | undefined;
      } while (token);
      return items;
    },
    books,
    expectConserved: async () => {
      await quiet();
      const b = await books();
      expect(b).toMatchObject({ accountsOutOfBalance: 0, pending: aud(0), balanced: true });
      expect(b.customers.amount + b.takings.amount).toBe(b.deposits.amount);
      expect(b.takings.amount).toBe(b.charges.amount - b.refunds.amount);
      return b;
    },
    stop: async () => {
      await Promise.all(subscriptions.map((s) => s.close()));
      await bakery.stop();
    },
  };
}

/** The signed sum of a ledger (deposits and refunds in, charges out). */
export function ledgerSum(items: ReadonlyArray<Record<string, any>>): number {
  return items.reduce(
    (sum, t) => sum + (t.type === 'charge' ? -t.amount.amount : (t.amount.amount as number)),
    0,
  );
}
