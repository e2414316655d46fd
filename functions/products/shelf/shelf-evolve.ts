import type { OnShelfItem, OrderRecord, Shelf, ShelfEvent, ShelfSummary } from './shelf-types';
import { assertNever } from '../../../shared/assert-never';

/**
 * How long the idempotency ledgers remember a stocked batch or a finished (released or handed-over)
 * order, in shelf time. Far beyond any redelivery (Service Bus duplicate detection is 10 minutes,
 * sales gives up on a reservation within minutes); orders still reserved are never forgotten.
 */
export const LEDGER_RETENTION_MS = 24 * 60 * 60_000;

/** Applies one event. Pure; the version moves only when items change. */
export function evolve(shelf: Shelf, event: ShelfEvent): Shelf {
  const ids = new Set(event.items.map((i) => i.id));
  const version = event.items.length > 0 ? shelf.version + 1 : shelf.version;
  let next: Shelf;
  switch (event.type) {
    case 'BatchStocked': {
      const added: OnShelfItem[] = event.items.map((i) => ({ ...i, status: 'available' }));
      next = {
        ...shelf,
        version,
        items: [...shelf.items, ...added],
        batches: { ...shelf.batches, [event.batchId]: event.at },
      };
      break;
    }
    case 'ItemsReserved':
      next = {
        ...shelf,
        version,
        items: shelf.items.map((i): OnShelfItem =>
          ids.has(i.id) ? { ...i, status: 'reserved', orderId: event.orderId } : i,
        ),
        orders: withOrder(shelf.orders, event.orderId, {
          status: 'reserved',
          items: event.items,
          at: event.at,
        }),
      };
      break;
    case 'ItemsReleased':
      next = {
        ...shelf,
        version,
        items: shelf.items.map((i): OnShelfItem =>
          ids.has(i.id)
            ? {
                id: i.id,
                productId: i.productId,
                bakedAt: i.bakedAt,
                expiresAt: i.expiresAt,
                status: 'available',
              }
            : i,
        ),
        orders: withOrder(shelf.orders, event.orderId, {
          status: 'released',
          items: event.items,
          at: event.at,
        }),
      };
      break;
    case 'ItemsHandedOver':
      next = {
        ...shelf,
        version,
        items: shelf.items.filter((i) => !ids.has(i.id)),
        orders: withOrder(shelf.orders, event.orderId, {
          status: 'handed-over',
          items: event.items,
          at: event.at,
        }),
      };
      break;
    case 'ItemsExpired':
    case 'ItemsDiscarded':
      next = {
        ...shelf,
        version,
        items: shelf.items.filter((i) => !ids.has(i.id) || i.status === 'reserved'),
      };
      break;
    default:
      return assertNever(event, 'unknown shelf event');
  }
  return prune(next, event.at);
}

/** Drops ledger entries older than the retention; a reserved order stays until it is released or handed over. */
function prune(shelf: Shelf, now: string): Shelf {
  const horizon = Date.parse(now) - LEDGER_RETENTION_MS;
  const old = (at: string) => Date.parse(at) < horizon;
  const staleBatches = Object.keys(shelf.batches).filter((id) => old(shelf.batches[id]));
  const staleOrders = Object.keys(shelf.orders).filter(
    (id) => shelf.orders[id].status !== 'reserved' && old(shelf.orders[id].at),
  );
  if (staleBatches.length === 0 && staleOrders.length === 0) return shelf;
  const batches = { ...shelf.batches };
  for (const id of staleBatches) delete batches[id];
  const orders = { ...shelf.orders };
  for (const id of staleOrders) delete orders[id];
  return { ...shelf, batches, orders };
}

/** The sellable (unreserved, not yet stale at `now`) items grouped by expiry, soonest first. */
export function summarize(shelf: Shelf, now: string): ShelfSummary {
  const t = Date.parse(now);
  const counts = new Map<string, number>();
  for (const item of shelf.items) {
    if (item.status !== 'available' || Date.parse(item.expiresAt) <= t) continue;
    counts.set(item.expiresAt, (counts.get(item.expiresAt) ?? 0) + 1);
  }
  const expiries = [...counts]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([expiresAt, count]) => ({ expiresAt, count }));
  return {
    productId: shelf.productId,
    version: shelf.version,
    available: expiries.reduce((sum, e) => sum + e.count, 0),
    expiries,
    asOf: now,
  };
}

function withOrder(
  orders: Record<string, OrderRecord>,
  orderId: string,
  record: OrderRecord,
): Record<string, OrderRecord> {
  return { ...orders, [orderId]: record };
}
