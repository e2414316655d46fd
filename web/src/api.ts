import type { Money } from './money';
import { apiUrl, CREDENTIALS } from './origin';

/** The HTTP contract's shapes (../shared/api.md, docs/openapi.json), as far as the pages use them. */
export interface MenuItem {
  productId: string;
  name: string;
  description: string;
  price: Money;
  currentPrice: Money;
  discounted: boolean;
  available: number;
}
export interface Menu {
  asOf: string;
  day?: string;
  open: boolean;
  opensAt?: string;
  closesAt: string;
  discountWindow?: { startsAt: string; endsAt: string };
  items: MenuItem[];
}
export interface User {
  id: string;
  name: string;
  roles: string[];
}
export interface TokenReply {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}
export interface Account {
  accountId: string;
  balance: Money;
  updatedAt: string;
}
export interface Transaction {
  id: string;
  type: 'deposit' | 'charge' | 'refund';
  amount: Money;
  balanceAfter: Money;
  at: string;
  orderId?: string;
}
export type OrderStatus = 'placed' | 'reserved' | 'paid' | 'completed' | 'rejected' | 'cancelled';
export interface Order {
  id: string;
  status: OrderStatus;
  reason?: string;
  lines: { productId: string; quantity: number }[];
  total?: Money;
  items?: { id: string; productId: string }[];
  refunded?: Money;
  placedAt: string;
  updatedAt: string;
}
export interface ReceiptLine {
  productId: string;
  name: string;
  quantity: number;
  listPrice: Money;
  discount: Money;
  unitPrice: Money;
  lineTotal: Money;
}
export interface Receipt {
  orderId: string;
  status: 'pending' | 'paid' | 'declined' | 'refunded' | 'cancelled';
  placedAt: string;
  lines: ReceiptLine[];
  discount: Money;
  total: Money;
  paidAt?: string;
  refundedAt?: string;
}
export interface Shelf {
  productId: string;
  name: string;
  available: number;
  reserved: number;
  items: {
    id: string;
    bakedAt: string;
    expiresAt: string;
    reserved: boolean;
    orderId?: string;
    sellable: boolean;
  }[];
}
export interface ScheduleEntry {
  productId: string;
  bakeEveryMinutes: number;
  batchSize: number;
  shelfLifeMinutes: number | null;
  nextBakeAt: string | null;
  lastBakedAt: string | null;
}
export interface DayReport {
  date: string;
  products: {
    productId: string;
    baked: number;
    sold: number;
    expired: number;
    discarded: number;
    onShelf: number;
  }[];
}
export interface Takings {
  date: string;
  currency: string;
  orders: number;
  gross: Money;
  discounts: Money;
  refunds: Money;
  net: Money;
}

/** RFC 9457 problem details with the bakery's code and, for 400s, the offending fields. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

/** Supplies the current access token (undefined when signed out). */
export type TokenSource = () => Promise<string | undefined>;

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the bearer token when signed in (default true). */
  auth?: boolean;
}

export function createApi(token: TokenSource) {
  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.auth !== false) {
      const accessToken = await token();
      if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(apiUrl(path), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: CREDENTIALS,
      signal: options.signal,
      cache: 'no-store',
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!response.ok) {
      const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as Partial<Problem>;
      throw new ApiError({ ...problem, status: response.status });
    }
    return parsed as T;
  }
  return {
    request,
    menu: (signal?: AbortSignal) => request<Menu>('/api/menu', { signal, auth: false }),
    account: () => request<Account>('/api/bank/accounts/me'),
    deposit: (cents: number, idempotencyKey: string) =>
      request<{ balance: Money }>('/api/bank/accounts/me/deposits', {
        method: 'POST',
        body: { amount: cents },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    transactions: (continuationToken?: string) =>
      request<{ items: Transaction[]; continuationToken?: string }>(
        `/api/bank/accounts/me/transactions?limit=20${page(continuationToken)}`,
      ),
    placeOrder: (lines: { productId: string; quantity: number }[], idempotencyKey: string) =>
      request<{ id: string; status: OrderStatus; statusUrl: string }>('/api/orders', {
        method: 'POST',
        body: { lines },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    order: (id: string) => request<Order>(`/api/orders/${encodeURIComponent(id)}`),
    orders: (continuationToken?: string) =>
      request<{ orders: Order[]; continuationToken?: string }>(
        `/api/orders?limit=20${page(continuationToken)}`,
      ),
    receipt: (orderId: string) => request<Receipt>(`/api/pos/receipts/${encodeURIComponent(orderId)}`),
    shelves: () => request<{ asOf: string; shelves: Shelf[] }>('/api/products/shelves'),
    schedule: () => request<{ asOf: string; items: ScheduleEntry[] }>('/api/production/schedule'),
    report: (date: string) => request<DayReport>(`/api/products/report?date=${date}`),
    takings: (date: string) => request<Takings>(`/api/pos/takings?date=${date}`),
    negotiate: () => request<{ url: string }>('/api/live/negotiate'),
  };
}

export type Api = ReturnType<typeof createApi>;

function page(continuationToken: string | undefined): string {
  return continuationToken ? `&continuationToken=${encodeURIComponent(continuationToken)}` : '';
}

/** A fresh key per user action: a retried request (network hiccup) is still one deposit or order. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
