import { evolve } from './shelf-evolve';
import {
  ShelfCommandError,
  type Decision,
  type OnShelfItem,
  type Shelf,
  type ShelfCommand,
  type ShelfEvent,
  type ShelfItem,
  type ShelfOutcome,
} from './shelf-types';

export * from './shelf-types';
export { evolve, LEDGER_RETENTION_MS, summarize } from './shelf-evolve';

const ms = (iso: string) => Date.parse(iso);

/** An item can be sold at `now` when nobody holds it and it has not gone stale (expiry is exclusive). */
export function isSellable(item: OnShelfItem, now: string, bakedAfter?: string): boolean {
  return (
    item.status === 'available' &&
    ms(item.expiresAt) > ms(now) &&
    (bakedAfter === undefined || ms(item.bakedAt) > ms(bakedAfter))
  );
}

/**
 * First expired, first out: sell what goes stale soonest (code can, where a person reaches for the
 * oldest), then the earlier bake, then the id so the choice is total and repeatable.
 */
export function fefo(a: ShelfItem, b: ShelfItem): number {
  return (
    ms(a.expiresAt) - ms(b.expiresAt) ||
    ms(a.bakedAt) - ms(b.bakedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The plain item, without its hold, as events and answers carry it. */
export const plain = ({ id, productId, bakedAt, expiresAt }: ShelfItem): ShelfItem => ({
  id,
  productId,
  bakedAt,
  expiresAt,
});

/**
 * Decides what a command does to a shelf. Pure: the entity applies the events with `evolve`.
 * Every command is idempotent: by batch id for stocking, by order id for the order commands, and
 * by the state itself for expire and discard (a second run finds nothing left to remove).
 */
export function decide(shelf: Shelf, command: ShelfCommand): Decision {
  switch (command.type) {
    case 'Stock':
      return stock(shelf, command);
    case 'Reserve':
      return reserve(shelf, command);
    case 'Release': {
      const record = shelf.orders[command.orderId];
      if (record?.status === 'handed-over')
        return { events: [], outcome: { type: 'refused', reason: 'order-handed-over' } };
      if (record?.status === 'released')
        return { events: [], outcome: { type: 'released', items: record.items } };
      // An unknown order is remembered as released, so a reservation arriving late cannot hold items for it.
      const items = record?.items ?? [];
      return {
        events: [{ type: 'ItemsReleased', orderId: command.orderId, items, at: command.now }],
        outcome: { type: 'released', items },
      };
    }
    case 'HandOver': {
      const record = shelf.orders[command.orderId];
      if (!record) return { events: [], outcome: { type: 'refused', reason: 'unknown-order' } };
      if (record.status === 'released')
        return { events: [], outcome: { type: 'refused', reason: 'order-released' } };
      if (record.status === 'handed-over')
        return { events: [], outcome: { type: 'handed-over', items: record.items } };
      return {
        events: [{ type: 'ItemsHandedOver', orderId: command.orderId, items: record.items, at: command.now }],
        outcome: { type: 'handed-over', items: record.items },
      };
    }
    case 'Expire': {
      const since = command.bakedAfter === undefined ? -Infinity : ms(command.bakedAfter);
      const stale = shelf.items
        .filter(
          (i) => i.status === 'available' && ms(i.expiresAt) <= ms(command.now) && ms(i.bakedAt) > since,
        )
        .sort(fefo)
        .map(plain);
      return {
        events: stale.length ? [{ type: 'ItemsExpired', items: stale, at: command.now }] : [],
        outcome: { type: 'expired', items: stale },
      };
    }
    case 'Discard':
      return discard(shelf, command);
    default:
      return assertNever(command);
  }
}

/** An event with the shelf version it produced: the key of its published events and history lines. */
export interface ShelfChange {
  event: ShelfEvent;
  version: number;
}

/** decide, then evolve: what the entity does for one operation. */
export function execute(
  shelf: Shelf,
  command: ShelfCommand,
): { shelf: Shelf; outcome: ShelfOutcome; changes: ShelfChange[] } {
  const { events, outcome } = decide(shelf, command);
  let next = shelf;
  const changes: ShelfChange[] = [];
  for (const event of events) {
    next = evolve(next, event);
    changes.push({ event, version: next.version });
  }
  return { shelf: next, outcome, changes };
}

function stock(shelf: Shelf, command: Extract<ShelfCommand, { type: 'Stock' }>): Decision {
  if (shelf.batches[command.batchId] !== undefined)
    return { events: [], outcome: { type: 'already-stocked' } };
  const onShelf = new Set(shelf.items.map((i) => i.id));
  const items: ShelfItem[] = [];
  for (const item of command.items) {
    if (onShelf.has(item.id)) continue;
    onShelf.add(item.id);
    items.push({
      id: item.id,
      productId: shelf.productId,
      bakedAt: iso(item.bakedAt),
      expiresAt: iso(item.expiresAt),
    });
  }
  return {
    events: [{ type: 'BatchStocked', batchId: command.batchId, items, at: command.now }],
    outcome: { type: 'stocked', items },
  };
}

function reserve(shelf: Shelf, command: Extract<ShelfCommand, { type: 'Reserve' }>): Decision {
  if (!Number.isSafeInteger(command.quantity) || command.quantity < 1) {
    throw new ShelfCommandError(
      `reserve: quantity must be a positive whole number, got ${String(command.quantity)}`,
    );
  }
  const record = shelf.orders[command.orderId];
  if (record?.status === 'released')
    return { events: [], outcome: { type: 'refused', reason: 'order-released' } };
  if (record) return { events: [], outcome: { type: 'reserved', items: record.items } };
  const sellable = shelf.items.filter((i) => isSellable(i, command.now, command.bakedAfter)).sort(fefo);
  if (sellable.length < command.quantity) {
    return {
      events: [],
      outcome: { type: 'out-of-stock', requested: command.quantity, available: sellable.length },
    };
  }
  const items = sellable.slice(0, command.quantity).map(plain);
  return {
    events: [{ type: 'ItemsReserved', orderId: command.orderId, items, at: command.now }],
    outcome: { type: 'reserved', items },
  };
}

function discard(shelf: Shelf, command: Extract<ShelfCommand, { type: 'Discard' }>): Decision {
  const closingAt = ms(command.closingAt ?? command.now);
  const leftovers = shelf.items
    .filter((i) => i.status === 'available' && ms(i.bakedAt) <= closingAt)
    .sort(fefo)
    .map(plain);
  // Stale before closing and not yet swept: it went off sale by expiry, and the day report says so.
  const expired = leftovers.filter((i) => ms(i.expiresAt) < closingAt);
  const discarded = leftovers.filter((i) => ms(i.expiresAt) >= closingAt);
  const events: Decision['events'] = [];
  if (expired.length) events.push({ type: 'ItemsExpired', items: expired, at: command.now });
  if (discarded.length) events.push({ type: 'ItemsDiscarded', items: discarded, at: command.now });
  return { events, outcome: { type: 'discarded', expired, discarded } };
}

function iso(time: string): string {
  const t = ms(time);
  if (Number.isNaN(t)) throw new ShelfCommandError(`stock: "${time}" is not a time`);
  return new Date(t).toISOString();
}

function assertNever(value: never): never {
  throw new ShelfCommandError(`unknown shelf command ${JSON.stringify(value)}`);
}
