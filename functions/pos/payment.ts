import { assertNever } from '../../shared/assert-never';
import type { PricedLine } from './pricing';

/**
 * An order's payment as pos records it, one per order id, as a status union: each status carries
 * exactly what is known by then.
 *
 * - `cancelled`: sales cancelled the order before asking for payment; pos never charges it.
 * - `refused`: the order could not be priced (no charge; sales was told payment failed).
 * - `pending`: priced and `charge.requested` sent; waiting for the bank.
 * - `paid` / `declined`: the bank's answer.
 * - `refund-requested` / `refunded`: sales asked for the money back (a late approval), the bank gave it.
 */
export type Payment = CancelledPayment | RefusedPayment | PricedPayment;

interface Base {
  orderId: string;
  userId: string;
  /** Set once `order.cancelled` was seen (also after pricing: the bank's answer still goes to sales). */
  cancelledAt?: string;
}

export interface CancelledPayment extends Base {
  status: 'cancelled';
  cancelledAt: string;
}

export interface RefusedPayment extends Base {
  status: 'refused';
  placedAt: string;
  why: string;
  refusedAt: string;
}

export interface Priced extends Base {
  chargeId: string;
  placedAt: string;
  currency: string;
  lines: PricedLine[];
  gross: number;
  discount: number;
  total: number;
  requestedAt: string;
}

export interface Approval {
  /** What the bank took (the charged total). */
  amount: number;
  approvedAt: string;
  /** The bakery day of approvedAt: the takings day of this charge. */
  approvedDay: string;
  transactionId: string;
}

export interface Refund {
  refundRequestedAt: string;
}

export type PricedPayment =
  | (Priced & { status: 'pending' })
  | (Priced & { status: 'declined'; reason: 'insufficient-funds' | 'payment-declined'; declinedAt: string })
  | (Priced & Approval & { status: 'paid' })
  | (Priced & Approval & Refund & { status: 'refund-requested' })
  | (Priced &
      Approval &
      Partial<Refund> & {
        status: 'refunded';
        refundedAmount: number;
        refundedAt: string;
        refundedDay: string;
      });

export type PaymentStatus = Payment['status'];

/** The deterministic charge id of an order: a retry or a second request asks for the same charge. */
export const chargeIdOf = (orderId: string) => `order:${orderId}`;

/** What the receipt says about the payment. */
export function receiptStatus(
  payment: PricedPayment,
): 'pending' | 'paid' | 'declined' | 'refunded' | 'cancelled' {
  switch (payment.status) {
    case 'pending':
      return payment.cancelledAt ? 'cancelled' : 'pending';
    case 'declined':
      return 'declined';
    case 'paid':
    case 'refund-requested':
      // The bakery still holds the money until the bank has given it back.
      return 'paid';
    case 'refunded':
      return 'refunded';
    default:
      return assertNever(payment, 'unknown payment status');
  }
}
