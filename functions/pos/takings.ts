import type { PricedPayment } from './payment';

/** A bakery day's takings, in cents: charges approved that day, refunds made that day. */
export interface DayTakings {
  orders: number;
  gross: number;
  discounts: number;
  refunds: number;
  net: number;
}

type Approved = Extract<PricedPayment, { approvedDay: string }>;
type Refunded = Extract<PricedPayment, { status: 'refunded' }>;

/**
 * gross and discounts of the charges approved on `day` (by the bank's approvedAt), refunds by the
 * day of refundedAt: so net equals the movements of the bank's takings account that day.
 */
export function takingsOf(
  day: string,
  approved: readonly Approved[],
  refunded: readonly Refunded[],
): DayTakings {
  const charges = approved.filter((p) => p.approvedDay === day);
  const gross = charges.reduce((sum, p) => sum + p.gross, 0);
  const discounts = charges.reduce((sum, p) => sum + p.discount, 0);
  const refunds = refunded.filter((p) => p.refundedDay === day).reduce((sum, p) => sum + p.refundedAmount, 0);
  return { orders: charges.length, gross, discounts, refunds, net: gross - discounts - refunds };
}
