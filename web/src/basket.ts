import type { MenuItem } from './api';
import type { Money } from './money';

/** The most of one product an order may hold (bakery.config.json `sales.maxQuantityPerProduct`). */
export const MAX_PER_PRODUCT = 20;

export type Basket = Record<string, number>;

/** How many of an item can be picked now: what is available, at most the per-product limit. */
export function pickLimit(item: MenuItem): number {
  return Math.max(0, Math.min(item.available, MAX_PER_PRODUCT));
}

/** The basket kept to what the menu offers now (a product gone or sold down is cut back). */
export function fitBasket(basket: Basket, items: readonly MenuItem[]): { basket: Basket; trimmed: string[] } {
  const next: Basket = {};
  const trimmed: string[] = [];
  for (const [productId, quantity] of Object.entries(basket)) {
    const item = items.find((i) => i.productId === productId);
    const limit = item ? pickLimit(item) : 0;
    const kept = Math.min(quantity, limit);
    if (kept < quantity) trimmed.push(item?.name ?? productId);
    if (kept > 0) next[productId] = kept;
  }
  return { basket: next, trimmed };
}

export interface BasketLine {
  item: MenuItem;
  quantity: number;
  lineTotal: Money;
}

export function basketLines(basket: Basket, items: readonly MenuItem[]): BasketLine[] {
  return items
    .filter((item) => (basket[item.productId] ?? 0) > 0)
    .map((item) => {
      const quantity = basket[item.productId];
      return {
        item,
        quantity,
        lineTotal: { amount: item.currentPrice.amount * quantity, currency: item.currentPrice.currency },
      };
    });
}

/** The basket's total at current prices (undefined when empty). */
export function basketTotal(lines: readonly BasketLine[]): Money | undefined {
  if (lines.length === 0) return undefined;
  return {
    amount: lines.reduce((sum, l) => sum + l.lineTotal.amount, 0),
    currency: lines[0].lineTotal.currency,
  };
}
