import { createHash } from 'node:crypto';
import type { ContainerDefinition, Document } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import type { Account, Entry } from './ledger';
import type { Takings } from './takings';

/**
 * The bank's one Cosmos container, partitioned by account: an account, its ledger entries, its
 * charge records, its idempotency keys and the outbox of its events share a partition, so every
 * movement and what it causes commit in one transactional batch.
 *
 * The bakery's own takings account lives in the partition `_takings`, a key no customer account can
 * have (theirs are `acct-<hex>`), with the set of entries already applied to it.
 */
export const BANK_CONTAINER: ContainerDefinition = { name: 'bank', partitionKeyPath: '/accountId' };
export const PARTITION_FIELD = 'accountId';
export const TAKINGS_PARTITION = '_takings';

export const ACCOUNT_ID = 'account';
export const TAKINGS_ID = 'takings';

/**
 * A user's account id, derived from the user id (so the customer's own requests find their
 * partition without a cross-partition query): 128 bits of SHA-256, which also keeps characters
 * Cosmos DB refuses in ids (`/ \ ? #`) out of the partition key.
 */
export function accountIdOf(userId: string): string {
  return `acct-${digest(`bank-account:${userId}`)}`;
}

/** A foreign string (a charge id, an idempotency key) made safe and bounded as part of a document id. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

export interface AccountDocument extends Document, Account {
  id: typeof ACCOUNT_ID;
  kind: 'account';
}

export interface EntryDocument extends Document, Entry {
  kind: 'entry';
}

export const entryDocumentId = (transactionId: string) => `entry:${transactionId}`;

/** What the bank decided about one charge id: written once, so a charge is applied at most once. */
export interface ChargeDocument extends Document {
  kind: 'charge';
  accountId: string;
  chargeId: string;
  orderId: string;
  amount: number;
  outcome: 'approved' | 'declined';
  /** The ledger entry of an approved charge. */
  transactionId?: string;
  /** Set once an approved charge was refunded. */
  refundTransactionId?: string;
  decidedAt: string;
}

export const chargeDocumentId = (chargeId: string) => `charge:${digest(chargeId)}`;

/** A deposit's Idempotency-Key: the first answer, kept in the customer's partition. */
export interface IdempotencyDocument extends Document {
  kind: 'idempotency';
  accountId: string;
  fingerprint: string;
  response: { balance: { amount: number; currency: string }; transaction: Record<string, unknown> };
  /** Seconds; Cosmos DB deletes the record this long after its last write (real time). */
  ttl: number;
}

export const idempotencyDocumentId = (key: string) => `idempotency:${digest(key)}`;

export interface TakingsDocument extends Document, Takings {
  id: typeof TAKINGS_ID;
  kind: 'takings';
  accountId: typeof TAKINGS_PARTITION;
}

/** A ledger entry already applied to the takings account (the applied set, keyed by entry). */
export const appliedDocumentId = (entry: Pick<Entry, 'accountId' | 'transactionId'>) =>
  `applied:${entry.accountId}:${entry.transactionId}`;

/** A lost optimistic-concurrency race on the operation at `operationIndex` (or anywhere). */
export function isLostRace(error: unknown, operationIndex?: number): boolean {
  if (isStoreError(error, 'precondition-failed')) return true;
  return (
    isStoreError(error, 'batch-failed') &&
    (operationIndex === undefined || error.operationIndex === operationIndex) &&
    error.statusCode === 412
  );
}

/** True when the batch failed on its operation `operationIndex` because that document exists. */
export function isConflictAt(error: unknown, operationIndex: number): boolean {
  return (
    isStoreError(error, 'batch-failed') && error.operationIndex === operationIndex && error.statusCode === 409
  );
}

/**
 * Read-modify-write attempts before giving up (the message is then redelivered). Within one
 * instance an account's writes are queued (serial.ts), so only other instances make us retry.
 */
export const MAX_ATTEMPTS = 20;
