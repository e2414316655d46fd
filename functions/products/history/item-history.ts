import type { Document } from '../../../shared/store/port';
import type { HistoryEntry } from '../shelf/shelf-effects';
import { assertNever } from '../../../shared/assert-never';

/**
 * One document per baked item in the `products` container (partition /productId): its whole life,
 * for the staff view and the day report. Lines may arrive in any order and more than once (each is
 * written by an activity that can retry, from orchestrations that run side by side), so a line is
 * keyed by the shelf version that produced it and the status is that of the newest line.
 */
export type LifeKind = 'baked' | 'reserved' | 'released' | 'sold' | 'expired' | 'discarded';

/** Where the item is now; `baked` = on the shelf, unreserved (also after a release). */
export type ItemStatus = 'baked' | 'reserved' | 'sold' | 'expired' | 'discarded';

export interface LifeLine {
  kind: LifeKind;
  at: string;
  version: number;
  orderId?: string;
}

export interface ItemHistory extends Document {
  id: string;
  kind: 'item';
  productId: string;
  /** Bakery-local date (YYYY-MM-DD) of the bake: the day report's key. */
  bakedOn: string;
  bakedAt: string;
  expiresAt: string;
  status: ItemStatus;
  statusAt: string;
  /** The order holding or having bought the item. */
  orderId?: string;
  life: LifeLine[];
}

/** Merges new lines into an item's history; `undefined` when nothing is new. */
export function withLines(
  existing: ItemHistory | undefined,
  entries: readonly HistoryEntry[],
  bakedOn: (bakedAt: string) => string,
): ItemHistory | undefined {
  const first = entries[0];
  if (!first) return undefined;
  const seen = new Set((existing?.life ?? []).map(key));
  const fresh = entries.filter((e) => !seen.has(key(e)));
  if (existing && fresh.length === 0) return undefined;
  const life = [...(existing?.life ?? []), ...fresh.map(toLine)].sort(
    (a, b) => a.version - b.version || order(a.kind) - order(b.kind),
  );
  const last = life[life.length - 1];
  const doc: ItemHistory = {
    id: first.itemId,
    kind: 'item',
    productId: first.productId,
    bakedOn: existing?.bakedOn ?? bakedOn(first.bakedAt),
    bakedAt: first.bakedAt,
    expiresAt: first.expiresAt,
    status: statusOf(last.kind),
    statusAt: last.at,
    life,
  };
  if ((last.kind === 'reserved' || last.kind === 'sold') && last.orderId) doc.orderId = last.orderId;
  return doc;
}

export function statusOf(kind: LifeKind): ItemStatus {
  switch (kind) {
    case 'baked':
    case 'released':
      return 'baked';
    case 'reserved':
    case 'sold':
    case 'expired':
    case 'discarded':
      return kind;
    default:
      return assertNever(kind, 'unknown life line');
  }
}

const key = (line: { kind: LifeKind; version: number }) => `${line.version}:${line.kind}`;

/** Within one shelf version (one event), there is one kind per item; the order only settles ties defensively. */
const order = (kind: LifeKind) =>
  ['baked', 'reserved', 'released', 'sold', 'expired', 'discarded'].indexOf(kind);

function toLine(entry: HistoryEntry): LifeLine {
  return {
    kind: entry.kind,
    at: entry.at,
    version: entry.version,
    ...(entry.orderId === undefined ? {} : { orderId: entry.orderId }),
  };
}
