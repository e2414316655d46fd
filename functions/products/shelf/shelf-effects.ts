import type { EventType, PayloadOf } from '../../../shared/events';
import type { ShelfReply } from './shelf.entity';
import type { ShelfEvent } from './shelf';
import type { LifeKind } from '../history/item-history';
import { assertNever } from '../../../shared/assert-never';

/** An event to publish, with the id that makes a retry or a replay publish it once. */
export type PlannedEvent = {
  [K in EventType]: { type: K; id: string; data: PayloadOf<K>; correlationId?: string };
}[EventType];

/** One line of an item's life, keyed by the shelf version that produced it. */
export interface HistoryEntry {
  itemId: string;
  productId: string;
  bakedAt: string;
  expiresAt: string;
  kind: LifeKind;
  at: string;
  orderId?: string;
  version: number;
}

export interface ShelfEffects {
  history: HistoryEntry[];
  events: PlannedEvent[];
}

/**
 * What shelf operations mean for the outside: a history line per item touched, items.expired /
 * items.discarded per change, and one stock.changed per shelf whose sellable stock may have moved,
 * carrying the latest state seen. Event ids derive from (shelf, version), so they are the same
 * whenever the same change is reported again.
 */
export function effectsOf(replies: readonly ShelfReply[]): ShelfEffects {
  const history: HistoryEntry[] = [];
  const events: PlannedEvent[] = [];
  const latest = new Map<string, ShelfReply>();
  for (const reply of replies) {
    const { productId } = reply;
    for (const { event, version } of reply.changes) {
      history.push(...lifeOf(event, version));
      if (event.type === 'ItemsExpired' && event.items.length) {
        events.push({
          type: 'bakery.items.expired.v1',
          id: `products:items-expired:${productId}:${version}`,
          data: { productId, itemIds: event.items.map((i) => i.id), expiredAt: event.at },
        });
      }
      if (event.type === 'ItemsDiscarded' && event.items.length) {
        events.push({
          type: 'bakery.items.discarded.v1',
          id: `products:items-discarded:${productId}:${version}`,
          data: { productId, itemIds: event.items.map((i) => i.id), discardedAt: event.at },
        });
      }
    }
    const movesStock = reply.changes.some(
      ({ event }) => event.items.length > 0 && event.type !== 'ItemsHandedOver',
    );
    const seen = latest.get(productId);
    if (movesStock && (!seen || reply.shelf.version >= seen.shelf.version)) latest.set(productId, reply);
  }
  for (const { productId, shelf } of latest.values()) {
    events.push({
      type: 'bakery.stock.changed.v1',
      id: `products:stock-changed:${productId}:${shelf.version}`,
      data: {
        productId,
        available: shelf.available,
        asOf: shelf.asOf,
        version: shelf.version,
        expiries: shelf.expiries,
      },
    });
  }
  return { history, events };
}

function lifeOf(event: ShelfEvent, version: number): HistoryEntry[] {
  const line = (kind: LifeKind, orderId?: string) =>
    event.items.map((item): HistoryEntry => ({
      itemId: item.id,
      productId: item.productId,
      bakedAt: item.bakedAt,
      expiresAt: item.expiresAt,
      kind,
      // An item's life starts when it came out of the oven, not when the shelf heard of it.
      at: kind === 'baked' ? item.bakedAt : event.at,
      ...(orderId === undefined ? {} : { orderId }),
      version,
    }));
  switch (event.type) {
    case 'BatchStocked':
      return line('baked');
    case 'ItemsReserved':
      return line('reserved', event.orderId);
    case 'ItemsReleased':
      return line('released', event.orderId);
    case 'ItemsHandedOver':
      return line('sold', event.orderId);
    case 'ItemsExpired':
      return line('expired');
    case 'ItemsDiscarded':
      return line('discarded');
    default:
      return assertNever(event, 'unknown shelf event');
  }
}
