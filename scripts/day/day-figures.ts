/**
 * The simulated day's report maths, pure: from what the staff API says (products' day report, the
 * till's takings) and what the customers' orders say, the per-product figures with waste, the
 * orders' outcomes, the revenue, and the report's own cross-checks (what the shelves say was sold is
 * what the orders received; the till's net is what the completed orders cost).
 */

export interface ProductDay {
  productId: string;
  baked: number;
  sold: number;
  expired: number;
  discarded: number;
  onShelf: number;
}

export interface ProductFigures {
  productId: string;
  baked: number;
  sold: number;
  expired: number;
  discarded: number;
  left: number;
  /** (expired + discarded) / baked; 0 when nothing was baked. */
  wasteShare: number;
}

/** Money as the API writes it, or a bare amount of minor units. */
export type Amount = number | { amount: number; currency?: string };

export interface OrderSeen {
  status: string;
  reason?: string;
  total?: Amount;
  items?: Array<{ id: string; productId: string }>;
}

export interface Takings {
  currency: string;
  orders: number;
  gross: Amount;
  discounts: Amount;
  refunds: Amount;
  net: Amount;
}

export interface DayFigures {
  date: string;
  customers: number;
  /** How the customers were drawn: how many put in too little, how many asked for what was gone. */
  plan: { short: number; askedForSoldOut: number; refusedAtTheTill: number };
  products: ProductFigures[];
  totals: Omit<ProductFigures, 'productId'>;
  orders: {
    placed: number;
    completed: number;
    rejected: number;
    cancelled: number;
    notFinal: number;
    /** `<status>:<reason>` → count, e.g. `cancelled:insufficient-funds`. */
    byReason: Record<string, number>;
  };
  /** Orders the bank declined (cancelled for insufficient funds or a declined payment). */
  declines: number;
  /** Orders that could not be reserved (rejected). */
  rejections: number;
  revenue: {
    currency: string;
    orders: number;
    gross: number;
    discounts: number;
    refunds: number;
    net: number;
  };
  /** The report disagreeing with itself; empty when every figure adds up. */
  problems: string[];
}

const FINAL = new Set(['completed', 'rejected', 'cancelled']);
const DECLINED = new Set(['insufficient-funds', 'payment-declined']);

export const amountOf = (a: Amount): number => (typeof a === 'number' ? a : a.amount);

export function dayFigures(input: {
  date: string;
  customers: number;
  plan: DayFigures['plan'];
  products: readonly ProductDay[];
  orders: readonly OrderSeen[];
  takings: Takings;
  /** The day is over: nothing may be left on a shelf. */
  closed: boolean;
}): DayFigures {
  const problems: string[] = [];
  const handed = new Map<string, number>();
  for (const order of input.orders) {
    if (order.status !== 'completed') continue;
    for (const item of order.items ?? []) handed.set(item.productId, (handed.get(item.productId) ?? 0) + 1);
  }
  const products = input.products.map((p): ProductFigures => {
    const wasted = p.expired + p.discarded;
    if (p.sold > p.baked) problems.push(`${p.productId}: sold ${p.sold} > baked ${p.baked}`);
    if (p.sold + wasted + p.onShelf !== p.baked)
      problems.push(
        `${p.productId}: sold ${p.sold} + expired ${p.expired} + discarded ${p.discarded} + left ${p.onShelf} ≠ baked ${p.baked}`,
      );
    if ((handed.get(p.productId) ?? 0) !== p.sold)
      problems.push(
        `${p.productId}: completed orders received ${handed.get(p.productId) ?? 0}, the shelves say ${p.sold} sold`,
      );
    if (input.closed && p.onShelf !== 0) problems.push(`${p.productId}: ${p.onShelf} left after closing`);
    return {
      productId: p.productId,
      baked: p.baked,
      sold: p.sold,
      expired: p.expired,
      discarded: p.discarded,
      left: p.onShelf,
      wasteShare: share(wasted, p.baked),
    };
  });
  for (const productId of handed.keys())
    if (!input.products.some((p) => p.productId === productId))
      problems.push(`${productId}: handed over but not in the day report`);

  const sum = (key: 'baked' | 'sold' | 'expired' | 'discarded' | 'left') =>
    products.reduce((total, p) => total + p[key], 0);
  const totals = {
    baked: sum('baked'),
    sold: sum('sold'),
    expired: sum('expired'),
    discarded: sum('discarded'),
    left: sum('left'),
    wasteShare: share(sum('expired') + sum('discarded'), sum('baked')),
  };

  const byReason: Record<string, number> = {};
  const count = (status: string) => input.orders.filter((o) => o.status === status).length;
  for (const o of input.orders) {
    const key = o.reason ? `${o.status}:${o.reason}` : o.status;
    byReason[key] = (byReason[key] ?? 0) + 1;
  }
  const orders = {
    placed: input.orders.length,
    completed: count('completed'),
    rejected: count('rejected'),
    cancelled: count('cancelled'),
    notFinal: input.orders.filter((o) => !FINAL.has(o.status)).length,
    byReason,
  };

  const t = input.takings;
  const revenue = {
    currency: t.currency,
    orders: t.orders,
    gross: amountOf(t.gross),
    discounts: amountOf(t.discounts),
    refunds: amountOf(t.refunds),
    net: amountOf(t.net),
  };
  if (revenue.net !== revenue.gross - revenue.discounts - revenue.refunds)
    problems.push(
      `takings: net ${revenue.net} ≠ gross ${revenue.gross} − discounts ${revenue.discounts} − refunds ${revenue.refunds}`,
    );
  const completedTotal = input.orders
    .filter((o) => o.status === 'completed')
    .reduce((total, o) => total + (o.total === undefined ? 0 : amountOf(o.total)), 0);
  if (completedTotal !== revenue.net)
    problems.push(`takings: net ${revenue.net} ≠ ${completedTotal}, what the completed orders cost`);

  return {
    date: input.date,
    customers: input.customers,
    plan: input.plan,
    products,
    totals,
    orders,
    declines: input.orders.filter((o) => o.status === 'cancelled' && DECLINED.has(o.reason ?? '')).length,
    rejections: orders.rejected,
    revenue,
    problems,
  };
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Minor units as the currency's major units: 12345 → "123.45". */
export function money(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The figures as the text report printed at the end of a day with customers. */
export function renderFigures(f: DayFigures): string[] {
  const pad = (v: unknown, n = 10) => String(v).padStart(n);
  const row = (id: string, p: Omit<ProductFigures, 'productId'>) =>
    `${id.padEnd(12)}${pad(p.baked)}${pad(p.sold)}${pad(p.expired)}${pad(p.discarded)}${pad(p.left)}${pad(percent(p.wasteShare))}`;
  const lines = [
    `${'product'.padEnd(12)}${pad('baked')}${pad('sold')}${pad('expired')}${pad('discarded')}${pad('left')}${pad('waste')}`,
    ...f.products.map((p) => row(p.productId, p)),
    row('all', f.totals),
    '',
    `customers ${f.customers} (${f.plan.short} short of money, ${f.plan.askedForSoldOut} asked for what had run out, ${f.plan.refusedAtTheTill} refused at POST)`,
    `orders ${f.orders.placed}: completed ${f.orders.completed}, rejected ${f.rejections}, declined ${f.declines}, cancelled ${f.orders.cancelled}, not final ${f.orders.notFinal}`,
    `  by outcome: ${Object.entries(f.orders.byReason)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `revenue (${f.revenue.currency}): ${f.revenue.orders} charges, gross ${money(f.revenue.gross)}, discounts ${money(f.revenue.discounts)}, refunds ${money(f.revenue.refunds)}, net ${money(f.revenue.net)}`,
  ];
  return lines;
}
