/**
 * The buying invariants (issue 11) as a pure function of what every service shows: given snapshots of
 * the customers' orders, accounts and receipts, the bank's books, pos's takings, the shelves and
 * products' item histories, list every violation. scripts/buying-invariants.ts reads the snapshot
 * from a running bakery; this file decides. No I/O, no jest.
 */

export interface Money {
  amount: number;
  currency: string;
}

export type OrderStatus = 'placed' | 'reserved' | 'paid' | 'completed' | 'rejected' | 'cancelled';
export const FINAL_STATUSES: readonly OrderStatus[] = ['completed', 'rejected', 'cancelled'];

export interface OrderSnapshot {
  id: string;
  status: OrderStatus;
  reason?: string;
  lines: Array<{ productId: string; quantity: number }>;
  total?: Money;
  items?: Array<{ id: string; productId: string }>;
  refunded?: Money;
  placedAt: string;
}

export interface ReceiptSnapshot {
  orderId: string;
  status: 'pending' | 'paid' | 'declined' | 'refunded' | 'cancelled';
  lines: Array<{
    productId: string;
    quantity: number;
    listPrice: Money;
    discount: Money;
    unitPrice: Money;
    lineTotal: Money;
  }>;
  discount: Money;
  total: Money;
}

export interface TransactionSnapshot {
  id: string;
  type: 'deposit' | 'charge' | 'refund';
  amount: Money;
  orderId?: string;
}

export interface CustomerSnapshot {
  userId: string;
  /** GET /api/bank/accounts/me; undefined when the customer has no account (404). */
  balance?: Money;
  transactions: TransactionSnapshot[];
  orders: OrderSnapshot[];
  /** The orders as GET /api/orders listed them (every page, in order); `orders` is each one's own view. */
  listed?: Array<{ id: string; status: OrderStatus; placedAt: string }>;
  /** GET /api/pos/receipts/{id} per order id; undefined = 404 (not priced). */
  receipts: Record<string, ReceiptSnapshot | undefined>;
}

export interface BooksSnapshot {
  accountsOutOfBalance: number;
  deposits: Money;
  customers: Money;
  charges: Money;
  refunds: Money;
  takings: Money;
  pending: Money;
  balanced: boolean;
}

export interface DaySnapshot {
  date: string;
  /** GET /api/bank/books?date= → day (minor units). */
  bank?: { charges: number; refunds: number; net: number };
  /** GET /api/pos/takings?date=. */
  pos?: { orders: number; gross: Money; discounts: Money; refunds: Money; net: Money };
}

export type LifeKind = 'baked' | 'reserved' | 'released' | 'sold' | 'expired' | 'discarded';

/** One document of products' item history (functions/products/history/item-history.ts). */
export interface ItemSnapshot {
  id: string;
  productId: string;
  expiresAt: string;
  status: string;
  orderId?: string;
  life: Array<{ kind: LifeKind; at: string; version: number; orderId?: string }>;
}

export interface ShelfSnapshot {
  productId: string;
  items: Array<{ id: string; reserved: boolean; orderId?: string }>;
}

export interface BuyingSnapshot {
  customers: CustomerSnapshot[];
  books: BooksSnapshot;
  days: DaySnapshot[];
  items: ItemSnapshot[];
  shelves: ShelfSnapshot[];
}

export interface BuyingFigures {
  customers: number;
  orders: Record<OrderStatus, number> & { total: number };
  /** Orders cancelled whose late payment was given back. */
  refundedOrders: number;
  itemsSold: number;
  itemsReservedNow: number;
  deposits: number;
  balances: number;
  charges: number;
  refunds: number;
  takings: number;
  days: Array<{ date: string; posNet?: number; bankNet?: number }>;
}

export interface BuyingVerdict {
  violations: string[];
  figures: BuyingFigures;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const ms = (iso: string) => Date.parse(iso);

/** Every violation of the buying invariants in one snapshot (empty = good), and the figures. */
export function findViolations(snapshot: BuyingSnapshot): BuyingVerdict {
  const violations: string[] = [];
  const report = (message: string) => violations.push(message);
  const orders = new Map<string, { order: OrderSnapshot; userId: string }>();
  for (const customer of snapshot.customers) {
    for (const order of customer.orders) {
      const other = orders.get(order.id);
      if (other && other.userId !== customer.userId)
        report(`order ${order.id} is listed for two customers (${other.userId}, ${customer.userId})`);
      orders.set(order.id, { order, userId: customer.userId });
    }
  }

  checkMoney(snapshot, report);
  for (const customer of snapshot.customers) checkCustomer(customer, report);
  checkDays(snapshot.days, report);
  const itemsSold = checkItems(snapshot, orders, report);

  const byStatus = Object.fromEntries(
    (['placed', 'reserved', 'paid', 'completed', 'rejected', 'cancelled'] as const).map((s) => [s, 0]),
  ) as Record<OrderStatus, number>;
  for (const { order } of orders.values()) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
  const figures: BuyingFigures = {
    customers: snapshot.customers.length,
    orders: { ...byStatus, total: orders.size },
    refundedOrders: [...orders.values()].filter(({ order }) => (order.refunded?.amount ?? 0) > 0).length,
    itemsSold,
    itemsReservedNow: snapshot.items.filter((i) => i.status === 'reserved').length,
    deposits: snapshot.books.deposits.amount,
    balances: sum(snapshot.customers.map((c) => c.balance?.amount ?? 0)),
    charges: snapshot.books.charges.amount,
    refunds: snapshot.books.refunds.amount,
    takings: snapshot.books.takings.amount,
    days: snapshot.days.map((d) => ({ date: d.date, posNet: d.pos?.net.amount, bankNet: d.bank?.net })),
  };
  return { violations, figures };
}

type Report = (message: string) => void;

function checkMoney({ books, customers }: BuyingSnapshot, report: Report): void {
  if (books.customers.amount + books.takings.amount !== books.deposits.amount)
    report(
      `money not conserved: customers ${books.customers.amount} + takings ${books.takings.amount} ≠ deposits ${books.deposits.amount}`,
    );
  if (books.takings.amount !== books.charges.amount - books.refunds.amount)
    report(
      `takings ${books.takings.amount} ≠ approved charges ${books.charges.amount} − refunds ${books.refunds.amount}`,
    );
  if (books.pending.amount !== 0)
    report(`the bank's takings have ${books.pending.amount} pending once quiet`);
  if (books.accountsOutOfBalance !== 0)
    report(`${books.accountsOutOfBalance} bank account(s) disagree with their own ledger`);
  if (!books.balanced) report("the bank's books say they are not balanced");

  const balances = sum(customers.map((c) => c.balance?.amount ?? 0));
  if (balances !== books.customers.amount)
    report(
      `the customers' balances add up to ${balances}, the bank's customers total is ${books.customers.amount} (money in an account outside the customers checked)`,
    );
  const all = customers.flatMap((c) => c.transactions);
  const total = (type: TransactionSnapshot['type']) =>
    sum(all.filter((t) => t.type === type).map((t) => t.amount.amount));
  for (const [type, bank] of [
    ['deposit', books.deposits.amount],
    ['charge', books.charges.amount],
    ['refund', books.refunds.amount],
  ] as const) {
    if (total(type) !== bank)
      report(`the customers' ${type} transactions add up to ${total(type)}, the bank's books say ${bank}`);
  }
}

function checkCustomer(customer: CustomerSnapshot, report: Report): void {
  const who = `customer ${customer.userId}`;
  const ledger = sum(
    customer.transactions.map((t) => (t.type === 'charge' ? -t.amount.amount : t.amount.amount)),
  );
  if (customer.balance === undefined) {
    if (customer.transactions.length > 0) report(`${who} has transactions but no account`);
  } else {
    if (customer.balance.amount < 0) report(`${who} has a negative balance ${customer.balance.amount}`);
    if (customer.balance.amount !== ledger)
      report(`${who}: balance ${customer.balance.amount} ≠ their transactions' sum ${ledger}`);
  }

  const ownOrders = new Map(customer.orders.map((o) => [o.id, o]));
  for (const [i, entry] of (customer.listed ?? []).entries()) {
    const own = ownOrders.get(entry.id);
    if (own && own.status !== entry.status)
      report(
        `${who}: GET /api/orders lists order ${entry.id} as ${entry.status}, GET /api/orders/${entry.id} says ${own.status}`,
      );
    const previous = customer.listed?.[i - 1];
    if (previous && ms(previous.placedAt) < ms(entry.placedAt))
      report(`${who}: GET /api/orders is not newest first (${previous.id} before ${entry.id})`);
  }
  const listedIds = (customer.listed ?? []).map((o) => o.id);
  if (new Set(listedIds).size !== listedIds.length) report(`${who}: GET /api/orders lists an order twice`);
  const charged = new Map<string, number>();
  const refunded = new Map<string, number>();
  for (const t of customer.transactions) {
    if (t.type === 'deposit') continue;
    if (t.orderId === undefined) {
      report(`${who}: ${t.type} ${t.id} names no order`);
      continue;
    }
    if (!ownOrders.has(t.orderId))
      report(`${who}: ${t.type} ${t.id} of ${t.amount.amount} for order ${t.orderId}, which is not theirs`);
    const into = t.type === 'charge' ? charged : refunded;
    into.set(t.orderId, (into.get(t.orderId) ?? 0) + t.amount.amount);
  }
  const chargesOf = (orderId: string) =>
    customer.transactions.filter((t) => t.type === 'charge' && t.orderId === orderId).length;

  for (const order of customer.orders) {
    const name = `order ${order.id} (${customer.userId}, ${order.status})`;
    const paid = charged.get(order.id) ?? 0;
    const back = refunded.get(order.id) ?? 0;
    const cost = paid - back;
    const receipt = customer.receipts[order.id];
    if (chargesOf(order.id) > 1) report(`${name} was charged ${chargesOf(order.id)} times`);
    if (back > paid) report(`${name}: refunded ${back}, more than the ${paid} charged`);
    if (!FINAL_STATUSES.includes(order.status)) {
      report(`${name} is not in a final state`);
      continue;
    }
    if (order.status === 'completed') {
      checkCompleted(order, name, cost, receipt, report);
    } else {
      if (cost !== 0) report(`${name} cost the customer ${cost} (charged ${paid}, refunded ${back})`);
      if ((order.items?.length ?? 0) > 0) report(`${name} lists ${order.items?.length} items handed over`);
      if (paid > 0) {
        if (order.refunded?.amount !== back)
          report(
            `${name}: the bank refunded ${back}, the order records ${order.refunded?.amount ?? 'no'} refund`,
          );
        if (receipt && receipt.status !== 'refunded')
          report(`${name}: charged and refunded, but the receipt says ${receipt.status}`);
      }
      if (receipt && receipt.status === 'paid') report(`${name}: the receipt says paid`);
    }
  }
}

function checkCompleted(
  order: OrderSnapshot,
  name: string,
  cost: number,
  receipt: ReceiptSnapshot | undefined,
  report: Report,
): void {
  if (order.total === undefined) report(`${name} has no total`);
  else if (cost !== order.total.amount)
    report(`${name}: total ${order.total.amount}, but the customer paid ${cost}`);
  if (order.refunded && order.refunded.amount > 0) report(`${name} is completed but records a refund`);
  // Exactly the lines' quantities, per product (lines of one product are merged).
  const wanted = new Map<string, number>();
  for (const line of order.lines)
    wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
  const got = new Map<string, number>();
  for (const item of order.items ?? []) got.set(item.productId, (got.get(item.productId) ?? 0) + 1);
  for (const productId of new Set([...wanted.keys(), ...got.keys()])) {
    if ((wanted.get(productId) ?? 0) !== (got.get(productId) ?? 0))
      report(
        `${name}: asked for ${wanted.get(productId) ?? 0} × ${productId}, got ${got.get(productId) ?? 0}`,
      );
  }
  const ids = (order.items ?? []).map((i) => i.id);
  if (new Set(ids).size !== ids.length) report(`${name} lists the same item twice`);
  if (!receipt) return void report(`${name} has no receipt`);
  if (receipt.status !== 'paid') report(`${name}: the receipt says ${receipt.status}`);
  if (order.total && receipt.total.amount !== order.total.amount)
    report(`${name}: receipt total ${receipt.total.amount} ≠ order total ${order.total.amount}`);
  checkReceipt(receipt, wanted, name, report);
}

function checkReceipt(
  receipt: ReceiptSnapshot,
  wanted: Map<string, number>,
  name: string,
  report: Report,
): void {
  let total = 0;
  let discount = 0;
  const priced = new Map<string, number>();
  for (const line of receipt.lines) {
    const where = `${name}: receipt line ${line.productId}`;
    if (line.unitPrice.amount !== line.listPrice.amount - line.discount.amount)
      report(
        `${where}: unit price ${line.unitPrice.amount} ≠ list ${line.listPrice.amount} − discount ${line.discount.amount}`,
      );
    if (line.lineTotal.amount !== line.unitPrice.amount * line.quantity)
      report(`${where}: line total ${line.lineTotal.amount} ≠ ${line.unitPrice.amount} × ${line.quantity}`);
    if (line.discount.amount < 0 || line.unitPrice.amount < 0)
      report(`${where}: a negative price or discount`);
    total += line.lineTotal.amount;
    discount += line.discount.amount * line.quantity;
    priced.set(line.productId, (priced.get(line.productId) ?? 0) + line.quantity);
  }
  if (total !== receipt.total.amount)
    report(`${name}: receipt total ${receipt.total.amount} ≠ its lines' ${total}`);
  if (discount !== receipt.discount.amount)
    report(`${name}: receipt discount ${receipt.discount.amount} ≠ its lines' ${discount}`);
  for (const productId of new Set([...wanted.keys(), ...priced.keys()])) {
    if ((wanted.get(productId) ?? 0) !== (priced.get(productId) ?? 0))
      report(
        `${name}: the receipt prices ${priced.get(productId) ?? 0} × ${productId}, the order has ${wanted.get(productId) ?? 0}`,
      );
  }
}

function checkDays(days: readonly DaySnapshot[], report: Report): void {
  for (const day of days) {
    if (!day.pos) report(`no pos takings for ${day.date}`);
    if (!day.bank) report(`no bank day for ${day.date}`);
    if (!day.pos || !day.bank) continue;
    const { pos, bank } = day;
    if (pos.net.amount !== pos.gross.amount - pos.discounts.amount - pos.refunds.amount)
      report(
        `${day.date}: pos net ${pos.net.amount} ≠ gross ${pos.gross.amount} − discounts ${pos.discounts.amount} − refunds ${pos.refunds.amount}`,
      );
    if (pos.net.amount !== bank.net)
      report(`${day.date}: pos takings net ${pos.net.amount} ≠ bank day net ${bank.net}`);
    if (pos.gross.amount - pos.discounts.amount !== bank.charges)
      report(
        `${day.date}: pos charged ${pos.gross.amount - pos.discounts.amount}, the bank approved ${bank.charges}`,
      );
    if (pos.refunds.amount !== bank.refunds)
      report(`${day.date}: pos refunds ${pos.refunds.amount} ≠ bank refunds ${bank.refunds}`);
    if (bank.net !== bank.charges - bank.refunds)
      report(`${day.date}: bank day net ${bank.net} ≠ charges ${bank.charges} − refunds ${bank.refunds}`);
  }
}

/** Items: never held by or handed to two orders, sellable when reserved, none held by a finished order. */
function checkItems(
  snapshot: BuyingSnapshot,
  orders: Map<string, { order: OrderSnapshot; userId: string }>,
  report: Report,
): number {
  const history = new Map(snapshot.items.map((i) => [i.id, i]));
  let sold = 0;
  for (const item of snapshot.items) {
    const name = `item ${item.id} (${item.productId})`;
    const life = [...item.life].sort((a, b) => a.version - b.version);
    let holder: string | undefined;
    let buyer: string | undefined;
    for (const line of life) {
      if (buyer !== undefined && line.kind !== 'sold')
        report(`${name} was ${line.kind} at ${line.at} after it was handed to order ${buyer}`);
      switch (line.kind) {
        case 'reserved':
          if (holder !== undefined && holder !== line.orderId)
            report(`${name} reserved for order ${line.orderId} while reserved for order ${holder}`);
          if (ms(line.at) >= ms(item.expiresAt))
            report(
              `${name} reserved for order ${line.orderId} at ${line.at}, not sellable (expired ${item.expiresAt})`,
            );
          holder = line.orderId;
          break;
        case 'released':
          holder = undefined;
          break;
        case 'sold':
          if (buyer !== undefined && buyer !== line.orderId)
            report(`${name} handed to order ${line.orderId} and to order ${buyer}`);
          if (holder !== line.orderId)
            report(
              `${name} handed to order ${line.orderId} without being reserved for it (held by ${holder ?? 'none'})`,
            );
          buyer = line.orderId;
          break;
        case 'baked':
        case 'expired':
        case 'discarded':
          if (holder !== undefined && line.kind !== 'baked')
            report(`${name} ${line.kind} at ${line.at} while reserved for order ${holder}`);
          break;
        default:
          report(`${name} has an unknown life line ${String((line as { kind: unknown }).kind)}`);
      }
    }
    if (buyer !== undefined) {
      sold++;
      const owner = orders.get(buyer)?.order;
      if (!owner) report(`${name} was handed to order ${buyer}, which no customer has`);
      else if (owner.status !== 'completed')
        report(`${name} was handed to order ${buyer}, which is ${owner.status}`);
      else if (!(owner.items ?? []).some((i) => i.id === item.id))
        report(`${name} was handed to order ${buyer}, but the order does not list it`);
    }
    if (item.status === 'reserved') {
      const owner = item.orderId ? orders.get(item.orderId)?.order : undefined;
      report(
        owner
          ? `${name} is still reserved for order ${item.orderId}, which is ${owner.status}`
          : `${name} is still reserved for order ${item.orderId ?? '(none)'}, which no customer has`,
      );
    }
  }

  // What the orders say they got, against the items' own histories.
  const handedTo = new Map<string, string>();
  for (const { order } of orders.values()) {
    for (const item of order.items ?? []) {
      const name = `item ${item.id}`;
      const other = handedTo.get(item.id);
      if (other !== undefined && other !== order.id)
        report(`${name} is listed by order ${order.id} and order ${other}`);
      handedTo.set(item.id, order.id);
      const h = history.get(item.id);
      if (!h) {
        report(`${name} of order ${order.id} has no history in products (never baked?)`);
        continue;
      }
      if (h.productId !== item.productId)
        report(
          `${name} of order ${order.id} is listed as ${item.productId}, products baked it as ${h.productId}`,
        );
      if (h.status !== 'sold' || h.orderId !== order.id)
        report(
          `${name} of order ${order.id} is ${h.status}${h.orderId ? ` for order ${h.orderId}` : ''} in products`,
        );
    }
  }

  for (const shelf of snapshot.shelves) {
    for (const item of shelf.items.filter((i) => i.reserved)) {
      const owner = item.orderId ? orders.get(item.orderId)?.order : undefined;
      if (!owner || FINAL_STATUSES.includes(owner.status))
        report(
          `shelf ${shelf.productId} holds item ${item.id} for order ${item.orderId ?? '(none)'}, which is ${owner?.status ?? 'unknown'}`,
        );
    }
  }
  return sold;
}
