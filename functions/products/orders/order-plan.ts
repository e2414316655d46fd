/** An order line as `bakery.order.placed.v1` carries it. */
export interface OrderLine {
  productId: string;
  quantity: number;
}

export type OrderPlan =
  /** One line per product type, sorted by product id: every order takes the shelves in the same order. */
  { kind: 'reserve'; lines: OrderLine[] } | { kind: 'invalid'; problems: string[] };

/**
 * Checks an order against the product types this bakery has and merges repeated lines (two lines
 * of bread are one line of bread). The event schema already refuses quantities that are not
 * positive whole numbers up to 1000; they are checked again here because a shelf must never see one.
 */
export function planOrder(lines: readonly OrderLine[], products: ReadonlySet<string>): OrderPlan {
  const problems: string[] = [];
  const merged = new Map<string, number>();
  if (lines.length === 0) problems.push('the order has no lines');
  lines.forEach((line, i) => {
    if (!products.has(line.productId))
      problems.push(`lines[${i}].productId: "${line.productId}" is not a product of this bakery`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      problems.push(`lines[${i}].quantity: must be a positive whole number`);
    else merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  });
  if (problems.length > 0) return { kind: 'invalid', problems };
  const sorted = [...merged]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
  return { kind: 'reserve', lines: sorted };
}
