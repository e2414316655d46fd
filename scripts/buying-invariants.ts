/**
 * The buying invariant checker (issue 11), used by the cross-service tests and the day simulator:
 * once the bakery is quiet, read every service's state through its public HTTP edges (and products'
 * item histories from the runtime's document store, which no endpoint shows whole) and list every
 * violation (scripts/buying-rules.ts decides; this file only reads).
 *
 *   const { violations, figures } = await checkBuyingInvariants(runtime, { customers, staffToken, dates });
 *
 * `customers` must be every customer who has money or orders in the bakery: the checker compares
 * their balances with the bank's totals. `dates` are the bakery days (YYYY-MM-DD) whose takings pos
 * and the bank must agree on.
 */
import type { Runtime } from '../local/runtime';
import {
  findViolations,
  type BooksSnapshot,
  type BuyingSnapshot,
  type BuyingVerdict,
  type CustomerSnapshot,
  type DaySnapshot,
  type ItemSnapshot,
  type OrderSnapshot,
  type ReceiptSnapshot,
  type ShelfSnapshot,
  type TransactionSnapshot,
} from './buying-rules';

export { findViolations } from './buying-rules';
export type { BuyingSnapshot, BuyingVerdict, BuyingFigures } from './buying-rules';

export interface BuyingCustomer {
  userId: string;
  /** A bearer access token for this customer. */
  token: string;
}

export interface BuyingCheckOptions {
  customers: readonly BuyingCustomer[];
  /** A bearer token with the staff role (books, takings, shelves). */
  staffToken: string;
  /** Bakery days (YYYY-MM-DD) to compare pos's takings with the bank's day. */
  dates: readonly string[];
  /** Wait for runtime.idle() first (default true). */
  waitForIdle?: boolean;
}

type CheckedRuntime = Pick<Runtime, 'baseUrl' | 'store' | 'idle'>;

/** Reads the bakery's state and checks the buying invariants; violations empty = good. */
export async function checkBuyingInvariants(
  runtime: CheckedRuntime,
  options: BuyingCheckOptions,
): Promise<BuyingVerdict> {
  if (options.waitForIdle ?? true) await runtime.idle();
  const snapshot = await readBuyingSnapshot(runtime, options);
  return findViolations(snapshot);
}

export async function readBuyingSnapshot(
  runtime: CheckedRuntime,
  options: BuyingCheckOptions,
): Promise<BuyingSnapshot> {
  const get = reader(runtime.baseUrl);
  const staff = options.staffToken;
  const customers: CustomerSnapshot[] = [];
  // One customer at a time: a day of hundreds must not open thousands of sockets at once.
  for (const customer of options.customers) customers.push(await readCustomer(get, customer));
  const books = (await get('/api/bank/books', staff, [200])).body as BooksSnapshot;
  const days: DaySnapshot[] = [];
  for (const date of options.dates) {
    const bank = await get(`/api/bank/books?date=${encodeURIComponent(date)}`, staff, [200]);
    const pos = await get(`/api/pos/takings?date=${encodeURIComponent(date)}`, staff, [200]);
    days.push({ date, bank: bankDay(bank.body), pos: pos.body as DaySnapshot['pos'] });
  }
  const shelves = ((await get('/api/products/shelves', staff, [200])).body as { shelves: ShelfSnapshot[] })
    .shelves;
  return { customers, books, days, items: await readItemHistories(runtime), shelves };
}

/** The bank's `day`, in minor units whether it answers integers or money objects `{ amount, currency }`. */
function bankDay(body: unknown): DaySnapshot['bank'] {
  const day = (body as { day?: Record<string, unknown> }).day;
  if (!day) return undefined;
  const minor = (value: unknown): number =>
    typeof value === 'number' ? value : Number((value as { amount?: unknown } | undefined)?.amount);
  return { charges: minor(day.charges), refunds: minor(day.refunds), net: minor(day.net) };
}

async function readCustomer(get: Reader, customer: BuyingCustomer): Promise<CustomerSnapshot> {
  const { token, userId } = customer;
  const account = await get('/api/bank/accounts/me', token, [200, 404]);
  const transactions = await allPages<TransactionSnapshot>(
    get,
    '/api/bank/accounts/me/transactions',
    token,
    'items',
  );
  const listed = await allPages<OrderSnapshot>(get, '/api/orders', token, 'orders');
  const orders: OrderSnapshot[] = [];
  const receipts: Record<string, ReceiptSnapshot | undefined> = {};
  for (const summary of listed) {
    // The order's own view is the truth; the list must agree with it.
    const one = await get(`/api/orders/${encodeURIComponent(summary.id)}`, token, [200]);
    orders.push(one.body as OrderSnapshot);
    const receipt = await get(`/api/pos/receipts/${encodeURIComponent(summary.id)}`, token, [200, 404]);
    receipts[summary.id] = receipt.status === 200 ? (receipt.body as ReceiptSnapshot) : undefined;
  }
  const balance =
    account.status === 200 ? (account.body as { balance: CustomerSnapshot['balance'] }).balance : undefined;
  return { userId, balance, transactions, orders, listed, receipts };
}

/** products' item histories: one document per baked item in the `products` container. */
async function readItemHistories(runtime: CheckedRuntime): Promise<ItemSnapshot[]> {
  const container = runtime.store.findContainer('products');
  if (!container) return [];
  const docs = await container.query({ where: [{ field: 'kind', op: '=', value: 'item' }] });
  return docs as unknown as ItemSnapshot[];
}

type Reader = (path: string, token: string, expected: number[]) => Promise<{ status: number; body: unknown }>;

function reader(baseUrl: string): Reader {
  return async (path, token, expected) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    if (!expected.includes(response.status))
      throw new Error(
        `the invariant checker could not read GET ${path}: ${response.status} ${text.slice(0, 300)}`,
      );
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

async function allPages<T>(get: Reader, path: string, token: string, field: string): Promise<T[]> {
  const all: T[] = [];
  let continuation: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const query = continuation ? `?continuationToken=${encodeURIComponent(continuation)}` : '';
    const { body } = await get(`${path}${query}`, token, [200]);
    const reply = body as Record<string, unknown>;
    all.push(...((reply[field] as T[] | undefined) ?? []));
    continuation = reply.continuationToken as string | undefined;
    if (!continuation) return all;
  }
  throw new Error(`GET ${path}: more than 10000 pages`);
}
