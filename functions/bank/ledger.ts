import { assertNever } from '../../shared/assert-never';

/**
 * The bank's rules, pure: an account's balance only changes by a movement (deposit, charge,
 * refund), each one a ledger entry numbered by the account's version; a charge is approved only if
 * the balance covers it, so a balance never goes negative; a refund gives back at most what an
 * approved charge took, once. Amounts are integer minor units of the account's currency.
 */
export interface Account {
  accountId: string;
  userId: string;
  currency: string;
  balance: number;
  /** Movements so far: 0 when opened, then the number of the last entry. */
  version: number;
  /** Running totals, so that balance = deposited - charged + refunded can be checked per account. */
  deposited: number;
  charged: number;
  refunded: number;
  openedAt: string;
  updatedAt: string;
}

export type EntryType = 'deposit' | 'charge' | 'refund';

/** One movement. Entries are never changed: the ledger is the account's history. */
export interface Entry {
  accountId: string;
  userId: string;
  transactionId: string;
  type: EntryType;
  /** Always positive; the type says which way it moved the balance. */
  amount: number;
  currency: string;
  balanceAfter: number;
  /** The account's version after this movement (1 for its first). */
  accountVersion: number;
  at: string;
  chargeId?: string;
  orderId?: string;
}

export interface BankLimits {
  maxDeposit: number;
  maxBalance: number;
}

export function openAccount(accountId: string, userId: string, currency: string, at: string): Account {
  return {
    accountId,
    userId,
    currency,
    balance: 0,
    version: 0,
    deposited: 0,
    charged: 0,
    refunded: 0,
    openedAt: at,
    updatedAt: at,
  };
}

/** How much a movement of this type changes the balance by. */
export function signedAmount(entry: Pick<Entry, 'type' | 'amount'>): number {
  switch (entry.type) {
    case 'deposit':
    case 'refund':
      return entry.amount;
    case 'charge':
      return -entry.amount;
    default:
      return assertNever(entry.type, 'unknown entry type');
  }
}

export type Movement = { account: Account; entry: Entry };

interface MovementRequest {
  type: EntryType;
  amount: number;
  transactionId: string;
  at: string;
  chargeId?: string;
  orderId?: string;
}

/** The account after one movement, and its entry. Callers decide first whether it is allowed. */
export function move(account: Account, request: MovementRequest): Movement {
  if (!Number.isSafeInteger(request.amount) || request.amount <= 0)
    throw new RangeError(`a movement is a positive whole number of minor units, not ${request.amount}`);
  const balance = account.balance + signedAmount(request);
  if (balance < 0) throw new RangeError(`${account.accountId} would go negative (${balance})`);
  const version = account.version + 1;
  const totals = {
    deposited: account.deposited + (request.type === 'deposit' ? request.amount : 0),
    charged: account.charged + (request.type === 'charge' ? request.amount : 0),
    refunded: account.refunded + (request.type === 'refund' ? request.amount : 0),
  };
  const entry: Entry = {
    accountId: account.accountId,
    userId: account.userId,
    transactionId: request.transactionId,
    type: request.type,
    amount: request.amount,
    currency: account.currency,
    balanceAfter: balance,
    accountVersion: version,
    at: request.at,
    ...(request.chargeId === undefined ? {} : { chargeId: request.chargeId }),
    ...(request.orderId === undefined ? {} : { orderId: request.orderId }),
  };
  return { account: { ...account, ...totals, balance, version, updatedAt: request.at }, entry };
}

export type DepositDecision =
  | ({ kind: 'accepted' } & Movement)
  | { kind: 'invalid-amount' }
  | { kind: 'over-balance-limit'; maxBalance: number };

export function decideDeposit(
  account: Account,
  deposit: { amount: number; transactionId: string; at: string },
  limits: BankLimits,
): DepositDecision {
  const { amount } = deposit;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > limits.maxDeposit)
    return { kind: 'invalid-amount' };
  if (account.balance + amount > limits.maxBalance)
    return { kind: 'over-balance-limit', maxBalance: limits.maxBalance };
  return { kind: 'accepted', ...move(account, { type: 'deposit', ...deposit }) };
}

export interface ChargeRequest {
  chargeId: string;
  orderId: string;
  amount: { amount: number; currency: string };
  transactionId: string;
  at: string;
}

export type ChargeDecision =
  ({ kind: 'approved' } & Movement) | { kind: 'declined'; reason: 'insufficient-funds' | 'no-account' };

/**
 * Approved only if the balance covers the whole amount in the account's currency (an account holds
 * nothing in another currency, so such a charge is not covered either).
 */
export function decideCharge(account: Account | undefined, charge: ChargeRequest): ChargeDecision {
  if (!account) return { kind: 'declined', reason: 'no-account' };
  const { amount, currency } = charge.amount;
  if (currency !== account.currency || amount > account.balance)
    return { kind: 'declined', reason: 'insufficient-funds' };
  return {
    kind: 'approved',
    ...move(account, {
      type: 'charge',
      amount,
      transactionId: charge.transactionId,
      at: charge.at,
      chargeId: charge.chargeId,
      orderId: charge.orderId,
    }),
  };
}

/** What the bank recorded about a charge id (see ChargeDocument). */
export interface ChargeRecord {
  chargeId: string;
  orderId: string;
  amount: number;
  outcome: 'approved' | 'declined';
  refundTransactionId?: string;
}

export type RefundDecision =
  | ({ kind: 'refunded' } & Movement)
  | { kind: 'already-refunded' }
  | { kind: 'refused'; why: 'no-account' | 'unknown-charge' | 'declined-charge' | 'more-than-charged' };

/** A refund gives back at most what an approved charge took, once (by charge id). */
export function decideRefund(
  account: Account | undefined,
  charge: ChargeRecord | undefined,
  refund: ChargeRequest,
): RefundDecision {
  if (!account) return { kind: 'refused', why: 'no-account' };
  if (!charge) return { kind: 'refused', why: 'unknown-charge' };
  if (charge.outcome === 'declined') return { kind: 'refused', why: 'declined-charge' };
  if (charge.refundTransactionId !== undefined) return { kind: 'already-refunded' };
  const { amount, currency } = refund.amount;
  if (currency !== account.currency || amount > charge.amount)
    return { kind: 'refused', why: 'more-than-charged' };
  return {
    kind: 'refunded',
    ...move(account, {
      type: 'refund',
      amount,
      transactionId: refund.transactionId,
      at: refund.at,
      chargeId: charge.chargeId,
      orderId: charge.orderId,
    }),
  };
}

/** The account's own books balance: what came in less what went out, to the cent. */
export function isBalanced(account: Account): boolean {
  return account.balance === account.deposited - account.charged + account.refunded && account.balance >= 0;
}
