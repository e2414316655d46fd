/**
 * The shelf of one product type: every baked item on it and who (if anyone) has it reserved, plus
 * the ledgers that make each operation idempotent. Plain JSON, so it is the Durable entity's state
 * as it is. Times are ISO 8601 instants in UTC (`toISOString()`), normalised when items arrive.
 */

/** One baked item: its own product, with its own id, bake time and expiry. */
export interface ShelfItem {
  id: string;
  productId: string;
  bakedAt: string;
  expiresAt: string;
}

/** Reserved items are held for their order: never sold twice, never expired, never thrown out. */
export type ItemHold = { status: 'available' } | { status: 'reserved'; orderId: string };

export type OnShelfItem = ShelfItem & ItemHold;

/** What this shelf did for an order; a repeat of any command for it answers from here. */
export interface OrderRecord {
  status: 'reserved' | 'released' | 'handed-over';
  items: ShelfItem[];
  /** When it reached this status; finished records are pruned a day later. */
  at: string;
}

export interface Shelf {
  productId: string;
  /** Increases with every change of the items on the shelf (the stock.changed version). */
  version: number;
  items: OnShelfItem[];
  /** batch id → when it was stocked. */
  batches: Record<string, string>;
  orders: Record<string, OrderRecord>;
}

/** An item as production baked it; the shelf adds its product type. */
export interface NewItem {
  id: string;
  bakedAt: string;
  expiresAt: string;
}

/** Commands are imperative; `now` comes from the orchestration's replay-safe clock. */
export type ShelfCommand =
  | { type: 'Stock'; batchId: string; items: NewItem[]; now: string }
  /** `bakedAfter`: items baked at or before it (the last closing) belong to a closed day and are not sold. */
  | { type: 'Reserve'; orderId: string; quantity: number; now: string; bakedAfter?: string }
  | { type: 'Release'; orderId: string; now: string }
  | { type: 'HandOver'; orderId: string; now: string }
  /**
   * Items baked before `bakedAfter` are left to that day's closing (which may not have run yet, after
   * downtime), so the day they belong to reports them as expired or discarded by its own rule.
   */
  | { type: 'Expire'; now: string; bakedAfter?: string }
  /** Items baked up to `closingAt` (default `now`) leave; those stale before it count as expired. */
  | { type: 'Discard'; now: string; closingAt?: string };

/** Events are what happened to the shelf; `evolve` applies them. */
export type ShelfEvent =
  | { type: 'BatchStocked'; batchId: string; items: ShelfItem[]; at: string }
  | { type: 'ItemsReserved'; orderId: string; items: ShelfItem[]; at: string }
  /** With no items it is a tombstone: the order was cancelled before it reached this shelf. */
  | { type: 'ItemsReleased'; orderId: string; items: ShelfItem[]; at: string }
  | { type: 'ItemsHandedOver'; orderId: string; items: ShelfItem[]; at: string }
  | { type: 'ItemsExpired'; items: ShelfItem[]; at: string }
  | { type: 'ItemsDiscarded'; items: ShelfItem[]; at: string };

/** The answer to a command, the same on a repeat as the first time. */
export type ShelfOutcome =
  | { type: 'stocked'; items: ShelfItem[] }
  | { type: 'already-stocked' }
  | { type: 'reserved'; items: ShelfItem[] }
  | { type: 'out-of-stock'; requested: number; available: number }
  | { type: 'released'; items: ShelfItem[] }
  | { type: 'handed-over'; items: ShelfItem[] }
  | { type: 'refused'; reason: 'order-released' | 'order-handed-over' | 'unknown-order' }
  | { type: 'expired'; items: ShelfItem[] }
  | { type: 'discarded'; expired: ShelfItem[]; discarded: ShelfItem[] };

export interface Decision {
  events: ShelfEvent[];
  outcome: ShelfOutcome;
}

/** What the menu needs: sellable unreserved items, grouped by expiry, soonest first. */
export interface ShelfSummary {
  productId: string;
  version: number;
  available: number;
  expiries: Array<{ expiresAt: string; count: number }>;
  asOf: string;
}

/** A command this shelf cannot even consider (a bug in the caller, not a business refusal). */
export class ShelfCommandError extends Error {
  override readonly name = 'ShelfCommandError';
}

export function emptyShelf(productId: string): Shelf {
  return { productId, version: 0, items: [], batches: {}, orders: {} };
}
