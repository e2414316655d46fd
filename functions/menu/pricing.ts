/**
 * The closing discount in integer cents. The discount is `price × percent / 100` rounded half up
 * (to the customer's advantage on a half cent), and the current price is the price minus that
 * discount — so 333 cents at 50 % costs 166, never a fraction. pos must price with the same rule.
 */
export interface Money {
  /** Minor units (cents). */
  amount: number;
  currency: string;
}

export function closingDiscount(amount: number, percent: number): number {
  // Integers only: price ≤ 1 000 000 and percent ≤ 100 keep this far inside exact arithmetic.
  return Math.floor((amount * percent + 50) / 100);
}

export interface PriceNow {
  currentPrice: Money;
  /** True only while the closing discount runs AND actually lowers the price (0 % is no discount). */
  discounted: boolean;
}

export function priceNow(price: Money, closingDiscountPercent: number, inDiscountWindow: boolean): PriceNow {
  const discount = inDiscountWindow ? closingDiscount(price.amount, closingDiscountPercent) : 0;
  return {
    currentPrice: { amount: price.amount - discount, currency: price.currency },
    discounted: discount > 0,
  };
}
