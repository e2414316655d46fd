import { assertNever } from '../../shared/assert-never';
import { isBalanced, type Account, type Entry } from './ledger';
import type { Takings } from './takings';

/**
 * The bank's books at a glance: money only comes in by deposits and moves between customers and
 * the bakery, so customers' balances + the takings = deposits, to the cent, whenever the takings
 * have caught up with the ledger (`pending` is what they have still to apply).
 */
export interface Books {
  accounts: number;
  /** Accounts whose own totals disagree with their balance (never expected: 0). */
  accountsOutOfBalance: number;
  deposits: number;
  customers: number;
  charges: number;
  refunds: number;
  takings: number;
  /** Charges less refunds not yet applied to the takings (0 at a quiet moment). */
  pending: number;
  /** customers + takings = deposits. */
  balanced: boolean;
}

export function summarizeBooks(accounts: readonly Account[], takings: Takings | undefined): Books {
  const sum = (pick: (a: Account) => number) => accounts.reduce((total, a) => total + pick(a), 0);
  const deposits = sum((a) => a.deposited);
  const customers = sum((a) => a.balance);
  const charges = sum((a) => a.charged);
  const refunds = sum((a) => a.refunded);
  const held = takings?.balance ?? 0;
  return {
    accounts: accounts.length,
    accountsOutOfBalance: accounts.filter((a) => !isBalanced(a)).length,
    deposits,
    customers,
    charges,
    refunds,
    takings: held,
    pending: charges - refunds - held,
    balanced: customers + held === deposits,
  };
}

/** What one bakery day moved: the charges approved and the refunds made on it, and their difference. */
export interface DayTotals {
  date: string;
  charges: number;
  refunds: number;
  /** charges - refunds (negative on a day that refunded more than it took). */
  net: number;
}

/**
 * The movements of bakery day `date`: a charge counts on the day it was approved, a refund on the
 * day it was made (whatever day its charge was), each by `dayOf` (the bakery calendar) of the
 * entry's instant. Deposits are the customers' own money and are not counted.
 */
export function dayTotals(
  entries: ReadonlyArray<Pick<Entry, 'type' | 'amount' | 'at'>>,
  date: string,
  dayOf: (t: number) => string,
): DayTotals {
  let charges = 0;
  let refunds = 0;
  for (const entry of entries) {
    if (dayOf(Date.parse(entry.at)) !== date) continue;
    switch (entry.type) {
      case 'charge':
        charges += entry.amount;
        break;
      case 'refund':
        refunds += entry.amount;
        break;
      case 'deposit':
        break;
      default:
        return assertNever(entry.type, 'unknown entry type');
    }
  }
  return { date, charges, refunds, net: charges - refunds };
}

/**
 * Instants (ISO, UTC) that surely contain bakery-local day `date` in any time zone (UTC-12 to
 * UTC+14): the store narrows the entries to this window, dayTotals keeps the day's exactly.
 */
export function dayWindow(date: string): { from: string; to: string } {
  const midnightUtc = Date.parse(`${date}T00:00:00.000Z`);
  const hour = 3_600_000;
  return {
    from: new Date(midnightUtc - 14 * hour).toISOString(),
    to: new Date(midnightUtc + 24 * hour + 12 * hour).toISOString(),
  };
}
