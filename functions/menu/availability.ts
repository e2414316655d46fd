/**
 * What menu knows about a shelf, from `bakery.stock.changed.v1` only: the sellable items grouped by
 * expiry, at the shelf's version. Service Bus may deliver out of order, so only a higher version
 * replaces what is held; the count offered is computed at read time from the expiries, so an item
 * is off the menu from the instant it expires, even before the stale sweep reports it.
 */
export interface Expiry {
  expiresAt: string;
  count: number;
}

export interface StockLevel {
  version: number;
  expiries: Expiry[];
  /** The shelf's own time of the change. */
  asOf: string;
}

export interface StockChanged {
  version: number;
  expiries: Expiry[];
  asOf: string;
}

export type StockDecision = { kind: 'apply'; level: StockLevel } | { kind: 'stale'; heldVersion: number };

export function decideStock(current: StockLevel | undefined, change: StockChanged): StockDecision {
  if (current && change.version <= current.version) return { kind: 'stale', heldVersion: current.version };
  return {
    kind: 'apply',
    level: { version: change.version, expiries: change.expiries.map((e) => ({ ...e })), asOf: change.asOf },
  };
}

/** Items still sellable at `now`: those whose expiry is strictly later. */
export function sellableAt(level: StockLevel | undefined, now: number): number {
  if (!level) return 0;
  return level.expiries.reduce((sum, e) => (Date.parse(e.expiresAt) > now ? sum + e.count : sum), 0);
}
