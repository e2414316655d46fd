import type { BakeryCalendar } from '../../shared/time/bakery-calendar';

/**
 * The menu's closing discount, when and how much. When: from `minutesBeforeClose` before closing
 * (inclusive) to closing (exclusive), in the bakery's own time zone.
 */
export class ClosingDiscount {
  constructor(
    readonly calendar: BakeryCalendar,
    readonly minutesBeforeClose: number,
  ) {}

  /** The day's window in epoch milliseconds. */
  window(day: string): WindowTimes {
    const endsAt = this.calendar.closing(day);
    return { day, startsAt: endsAt - this.minutesBeforeClose * 60_000, endsAt };
  }

  isOn(t: number): boolean {
    const { startsAt, endsAt } = this.window(this.calendar.dayOf(t));
    return t >= startsAt && t < endsAt;
  }
}

export interface WindowTimes {
  /** Bakery-local date YYYY-MM-DD. */
  day: string;
  startsAt: number;
  endsAt: number;
}

/**
 * How much: the closing discount in integer cents. The discount is `price × percent / 100` rounded half up
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
