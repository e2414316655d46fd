import type { ItemHistory, ItemStatus } from './item-history';
import { assertNever } from '../../../shared/assert-never';

export interface ProductDay {
  productId: string;
  baked: number;
  sold: number;
  expired: number;
  discarded: number;
  /** Still on the shelf (unreserved) or reserved: only before the day's closing is complete. */
  onShelf: number;
}

/** Counts a day's items by where they ended up; every baked item is in exactly one bucket. */
export function dayReport(
  productIds: readonly string[],
  items: readonly Pick<ItemHistory, 'productId' | 'status'>[],
): ProductDay[] {
  const rows = new Map(
    productIds.map((productId) => [
      productId,
      { productId, baked: 0, sold: 0, expired: 0, discarded: 0, onShelf: 0 },
    ]),
  );
  for (const item of items) {
    const row = rows.get(item.productId);
    if (!row) continue;
    row.baked++;
    bucket(row, item.status);
  }
  return [...rows.values()];
}

function bucket(row: ProductDay, status: ItemStatus): void {
  switch (status) {
    case 'sold':
    case 'expired':
    case 'discarded':
      row[status]++;
      return;
    case 'baked':
    case 'reserved':
      row.onShelf++;
      return;
    default:
      assertNever(status, 'unknown item status');
  }
}
