import { isBalanced, type Account } from './ledger';
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
