import type { Money, OrderEntry, OrderFate, Picture, ReceivedItem } from './picture-types';

/** GET /api/users/me's body (declared in zod in me.http.ts). */
export interface PictureView {
  userId: string;
  name: string | null;
  account: { id: string; balance: Money } | null;
  orders: { count: number; last: LastOrder | null };
  totalSpent: Money;
  itemsReceived: ReceivedItem[];
}

export interface LastOrder {
  id: string;
  status: OrderFate['status'];
  reason?: string;
  placedAt: string | null;
  /** When the order reached its status (its placement time while it is `placed`). */
  updatedAt: string;
}

/**
 * The picture as the customer sees it, derived the same way whatever order the events came in:
 * - `account` once its id is known (`account.opened` or `deposit.made`), with the latest balance;
 * - `orders.last` is the most recently placed order (while its `order.placed` is still on the
 *   way, the time of what is known of it stands in);
 * - `totalSpent` is what completed orders cost: their totals, less any refund of their charges.
 *   Rejected and cancelled orders cost nothing: a rejected order is never charged, and a charge
 *   approved after a cancellation is refunded by the saga (money on its way back is not spent);
 *   only amounts in the bakery's currency are added up (the bakery has one);
 * - `itemsReceived`: every item of the completed orders, oldest order first, in hand-over order.
 */
export function viewPicture(picture: Picture, currency: string): PictureView {
  const orders = Object.values(picture.orders).sort(byPlacement);
  const last = orders.at(-1);
  const completed = orders.flatMap((order) =>
    order.fate.status === 'completed' ? [{ id: order.id, ...order.fate }] : [],
  );
  const refunded = refundsByOrder(picture, currency);
  const spent = completed
    .filter((order) => order.total.currency === currency)
    .reduce((sum, order) => sum + Math.max(0, order.total.amount - (refunded.get(order.id) ?? 0)), 0);
  const { account } = picture;
  return {
    userId: picture.userId,
    name: picture.profile?.name ?? null,
    account: account?.id && account.balance ? { id: account.id, balance: account.balance.amount } : null,
    orders: { count: orders.length, last: last ? lastOrder(last) : null },
    totalSpent: { amount: spent, currency },
    itemsReceived: completed.flatMap((order) => order.items.map(({ id, productId }) => ({ id, productId }))),
  };
}

function lastOrder(order: OrderEntry): LastOrder {
  const { fate } = order;
  return {
    id: order.id,
    status: fate.status,
    ...('reason' in fate ? { reason: fate.reason } : {}),
    placedAt: order.placedAt ?? null,
    updatedAt: fate.at,
  };
}

/** Oldest placement first; an order not yet known to be placed sorts by what is known of it. */
function byPlacement(a: OrderEntry, b: OrderEntry): number {
  return sortTime(a) - sortTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const sortTime = (order: OrderEntry) => Date.parse(order.placedAt ?? order.fate.at);

function refundsByOrder(picture: Picture, currency: string): Map<string, number> {
  const byOrder = new Map<string, number>();
  for (const { orderId, amount } of Object.values(picture.refunds)) {
    if (amount.currency === currency) byOrder.set(orderId, (byOrder.get(orderId) ?? 0) + amount.amount);
  }
  return byOrder;
}
