import type { BakeryCalendar } from '../../shared/time/bakery-calendar';

/**
 * pos's pricing rules, pure and in integer cents: which version of an item was in force when the
 * order was placed, whether the closing discount ran then, and what each line costs.
 */

export interface Money {
  /** Minor units (cents). */
  amount: number;
  currency: string;
}

/** One version of a menu item as pos keeps it (version 0 is the configured product). */
export interface PriceVersion {
  productId: string;
  name: string;
  price: Money;
  closingDiscountPercent: number;
  version: number;
  /** Epoch ms from which orders are priced with this version (the seed: -Infinity). */
  effectiveFrom: number;
}

/**
 * The version in force at `t`: the highest version whose effectiveFrom is not after `t`. A stale
 * version (lower number) never wins over a newer one, whatever order they arrived in.
 */
export function versionAt(versions: readonly PriceVersion[], t: number): PriceVersion | undefined {
  let best: PriceVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= t && (!best || v.version > best.version)) best = v;
  return best;
}

/** The closing discount window of `t`'s bakery day: [closing − minutes, closing), in the bakery's time zone. */
export function inClosingWindow(calendar: BakeryCalendar, minutesBeforeClose: number, t: number): boolean {
  const endsAt = calendar.closing(calendar.dayOf(t));
  return t >= endsAt - minutesBeforeClose * 60_000 && t < endsAt;
}

/**
 * The per-unit closing discount: price × percent / 100 rounded half up, in cents. pos's own copy of
 * the menu's rule (functions/menu/closing-discount.ts), so the price on the menu is the price charged.
 */
export function closingDiscount(amount: number, percent: number): number {
  return Math.floor((amount * percent + 50) / 100);
}

export interface OrderLine {
  productId: string;
  quantity: number;
}

export interface PricedLine {
  productId: string;
  name: string;
  quantity: number;
  listPrice: number;
  /** Per unit. */
  discount: number;
  /** Charged per unit: listPrice − discount. */
  unitPrice: number;
  lineTotal: number;
  /** The price-list version used. */
  version: number;
}

export interface PricedOrder {
  currency: string;
  lines: PricedLine[];
  /** Σ quantity × listPrice. */
  gross: number;
  /** Σ quantity × discount. */
  discount: number;
  /** gross − discount: what the customer is charged. */
  total: number;
  /** Whether the closing discount window was on at placedAt. */
  closingDiscount: boolean;
}

export type PricingOutcome = { kind: 'priced'; order: PricedOrder } | { kind: 'unpriceable'; why: string };

export interface PricingInput {
  lines: readonly OrderLine[];
  placedAt: number;
  /** Every version pos knows, by product id. */
  priceList: ReadonlyMap<string, readonly PriceVersion[]>;
  calendar: BakeryCalendar;
  closingDiscountMinutes: number;
}

/** Prices an order as of its placedAt: the versions then in force, the closing discount if it ran then. */
export function priceOrder(input: PricingInput): PricingOutcome {
  const discounting = inClosingWindow(input.calendar, input.closingDiscountMinutes, input.placedAt);
  const lines: PricedLine[] = [];
  const currencies = new Set<string>();
  for (const { productId, quantity } of input.lines) {
    const v = versionAt(input.priceList.get(productId) ?? [], input.placedAt);
    if (!v)
      return {
        kind: 'unpriceable',
        why: `no price for ${productId} at ${new Date(input.placedAt).toISOString()}`,
      };
    currencies.add(v.price.currency);
    const listPrice = v.price.amount;
    const discount = discounting ? closingDiscount(listPrice, v.closingDiscountPercent) : 0;
    const unitPrice = listPrice - discount;
    lines.push({
      productId,
      name: v.name,
      quantity,
      listPrice,
      discount,
      unitPrice,
      lineTotal: quantity * unitPrice,
      version: v.version,
    });
  }
  if (lines.length === 0) return { kind: 'unpriceable', why: 'the order has no lines' };
  if (currencies.size !== 1) return { kind: 'unpriceable', why: `prices in ${[...currencies].join(', ')}` };
  const gross = lines.reduce((sum, l) => sum + l.quantity * l.listPrice, 0);
  const discount = lines.reduce((sum, l) => sum + l.quantity * l.discount, 0);
  const total = gross - discount;
  if (total <= 0)
    return { kind: 'unpriceable', why: 'the order costs nothing, and a charge must be positive' };
  return {
    kind: 'priced',
    order: { currency: [...currencies][0], lines, gross, discount, total, closingDiscount: discounting },
  };
}
