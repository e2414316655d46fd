import { assertNever } from '../../shared/assert-never';
import type { Entry } from './ledger';

/**
 * The bakery's own account: credited with every approved charge, debited with every refund. It
 * lives in its own partition, so it is not written in the customer's batch; it is brought up to
 * date from the bank's change feed, each ledger entry once (takings-store.ts).
 */
export interface Takings {
  currency: string;
  balance: number;
  /** Sum of the charges applied. */
  credited: number;
  /** Sum of the refunds applied. */
  debited: number;
  /** How many entries have been applied. */
  entries: number;
  updatedAt: string;
}

export function emptyTakings(currency: string, at: string): Takings {
  return { currency, balance: 0, credited: 0, debited: 0, entries: 0, updatedAt: at };
}

/** Only charges and refunds move the takings; a deposit is the customer's money alone. */
export function movesTakings(entry: Pick<Entry, 'type'>): boolean {
  switch (entry.type) {
    case 'charge':
    case 'refund':
      return true;
    case 'deposit':
      return false;
    default:
      return assertNever(entry.type, 'unknown entry type');
  }
}

/** The takings after these entries (each applied exactly once: the caller keeps the applied set). */
export function applyToTakings(
  takings: Takings,
  entries: ReadonlyArray<Pick<Entry, 'type' | 'amount'>>,
  at: string,
): Takings {
  let { balance, credited, debited, entries: count } = takings;
  for (const entry of entries) {
    switch (entry.type) {
      case 'charge':
        balance += entry.amount;
        credited += entry.amount;
        break;
      case 'refund':
        balance -= entry.amount;
        debited += entry.amount;
        break;
      case 'deposit':
        continue;
      default:
        return assertNever(entry.type, 'unknown entry type');
    }
    count += 1;
  }
  return { ...takings, balance, credited, debited, entries: count, updatedAt: at };
}
