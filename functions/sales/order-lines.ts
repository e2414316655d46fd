import type { FieldError } from '../../shared/errors';
import type { OrderLine } from './order';

export type LinesCheck = { kind: 'ok'; lines: OrderLine[] } | { kind: 'invalid'; fields: FieldError[] };

/**
 * The lines of a new order after the body's shape was validated (quantities 1..max, 1..maxLines
 * lines): every product must be on sale, and the same product twice is MERGED into its first line
 * (quantities summed), the sum still at most `maxQuantityPerProduct` — a 400 on the later line's
 * quantity otherwise. Each problem names its field (`lines[2].productId`).
 */
export function checkLines(
  lines: readonly OrderLine[],
  onSale: ReadonlySet<string>,
  maxQuantityPerProduct: number,
): LinesCheck {
  const fields: FieldError[] = [];
  const merged = new Map<string, number>();
  lines.forEach((line, index) => {
    if (!onSale.has(line.productId)) {
      fields.push({ field: `lines[${index}].productId`, message: `"${line.productId}" is not on sale` });
      return;
    }
    const sum = (merged.get(line.productId) ?? 0) + line.quantity;
    if (sum > maxQuantityPerProduct) {
      fields.push({
        field: `lines[${index}].quantity`,
        message: `brings ${line.productId} to ${sum}; at most ${maxQuantityPerProduct} per product`,
      });
      return;
    }
    merged.set(line.productId, sum);
  });
  if (fields.length > 0) return { kind: 'invalid', fields };
  return { kind: 'ok', lines: [...merged].map(([productId, quantity]) => ({ productId, quantity })) };
}
