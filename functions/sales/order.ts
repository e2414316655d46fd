import type { PayloadOf } from '../../shared/events';

/**
 * An order as the sales person keeps it (the projection GET /api/orders reads). Its status is a
 * union so that a reason exists exactly where the contract has one.
 */
export interface Money {
  amount: number;
  currency: string;
}
export interface OrderLine {
  productId: string;
  quantity: number;
}
export interface HandedItem {
  id: string;
  productId: string;
}

export type RejectReason = PayloadOf<'bakery.order.rejected.v1'>['reason'];
export type CancelReason = PayloadOf<'bakery.order.cancelled.v1'>['reason'];

export type OrderStatus =
  | { status: 'placed' }
  | { status: 'reserved' }
  | { status: 'paid' }
  | { status: 'completed' }
  | { status: 'rejected'; reason: RejectReason }
  | { status: 'cancelled'; reason: CancelReason };

/** A payment pos reported for the order (kept even when it came too late: it is then refunded). */
export interface Payment {
  chargeId: string;
  amount: Money;
  paidAt: string;
}

export type Order = OrderStatus & {
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  placedAt: string;
  updatedAt: string;
  /** When order.placed went out (the saga's first step). */
  announcedAt?: string;
  /** Items products holds for the order (from order.reserved). */
  reserved?: Array<HandedItem & { expiresAt: string }>;
  /** What the customer paid (set once paid). */
  total?: Money;
  /** The items handed over (set once completed). */
  items?: HandedItem[];
  payment?: Payment;
  /** A late payment sales asked pos to give back (refund.requested went out). */
  refundRequested?: Money;
  /** The compensations a cancellation ran, newest first (all carried by order.cancelled). */
  compensated?: Compensation[];
  /** What the bank gave back (payment.refunded). */
  refunded?: Money;
};

/** What the saga undoes when it cancels, recorded as it goes (sell-order-decisions.ts). */
export type Compensation =
  /** order.placed went out: products may hold (or will hold) items for the order. */
  | 'release-reservation'
  /** payment.requested went out: pos may charge (or will, unless it hears of the cancellation). */
  | 'void-payment';

export type FinalStatus = 'completed' | 'rejected' | 'cancelled';

/** placed, reserved and paid orders are unfinished: they count against the open-order limit. */
export function isFinal(order: Pick<Order, 'status'>): boolean {
  return order.status === 'completed' || order.status === 'rejected' || order.status === 'cancelled';
}

/** A fresh order as POST /api/orders records it. */
export function newOrder(orderId: string, customerId: string, lines: OrderLine[], placedAt: string): Order {
  return { status: 'placed', orderId, customerId, lines, placedAt, updatedAt: placedAt };
}
