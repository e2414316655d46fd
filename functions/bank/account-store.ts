import { createHash } from 'node:crypto';
import { isoNow } from '../../shared/clock';
import { createBakeryEvent } from '../../shared/events/catalog';
import { applyOnce } from '../../shared/messaging/inbox';
import { outboxOperation } from '../../shared/messaging/outbox';
import type { BatchOperation, Container, Stored } from '../../shared/store/port';
import {
  ACCOUNT_ID,
  MAX_ATTEMPTS,
  PARTITION_FIELD,
  accountIdOf,
  entryDocumentId,
  idempotencyDocumentId,
  isConflictAt,
  isLostRace,
  type AccountDocument,
  type EntryDocument,
  type IdempotencyDocument,
} from './bank-container';
import type { BankDependencies } from './deps';
import { decideDeposit, openAccount, type Account, type Entry } from './ledger';
import { transactionView, type DepositReply } from './views';

/**
 * How long a deposit's Idempotency-Key is kept: twice the 24 hours promised. Cosmos DB's TTL
 * deletes the record on the service's real clock, never on the bakery clock: a key protects a
 * person retrying a request, so a sped-up bakery day must not forget it early (design section 7,
 * two clocks). The embedded store keeps it for ever, which is more than promised.
 */
export const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;

export async function readAccount(container: Container, userId: string): Promise<Account | undefined> {
  const doc = (await container.read(ACCOUNT_ID, accountIdOf(userId))) as Stored<AccountDocument> | undefined;
  return doc && toAccount(doc);
}

/** Opens the user's account once (balance 0), with `account.opened` in the same batch. */
export async function openAccountOnce(
  { container, clock, currency }: Pick<BankDependencies, 'container' | 'clock' | 'currency'>,
  userId: string,
): Promise<'opened' | 'already-open'> {
  const accountId = accountIdOf(userId);
  const account = openAccount(accountId, userId, currency, isoNow(clock));
  const event = createBakeryEvent(
    'bakery.account.opened.v1',
    { accountId, userId, currency, openedAt: account.openedAt },
    { clock, id: `${accountId}:opened` },
  );
  const opened = await applyOnce(
    await container(),
    [
      { operationType: 'Create', resourceBody: toAccountDocument(account) },
      outboxOperation(event, PARTITION_FIELD, accountId),
    ],
    accountId,
  );
  return opened ? 'opened' : 'already-open';
}

export interface DepositRequest {
  userId: string;
  amount: number;
  idempotencyKey?: string;
}

export type DepositOutcome =
  | { kind: 'made'; reply: DepositReply }
  | { kind: 'replayed'; reply: DepositReply }
  | { kind: 'no-account' }
  | { kind: 'key-reused' }
  | { kind: 'over-balance-limit'; maxBalance: number };

/**
 * A deposit: the entry, the account's new balance (If-Match on its ETag), the Idempotency-Key's
 * record and `deposit.made` in one batch. A lost race is retried from a fresh read; a key written
 * meanwhile by the same request sent twice is answered from its record.
 */
export function deposit(deps: BankDependencies, request: DepositRequest): Promise<DepositOutcome> {
  const accountId = accountIdOf(request.userId);
  return deps.serial.run(accountId, async () => {
    const container = await deps.container();
    const fingerprint = fingerprintOf(request.amount);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = (await container.read(ACCOUNT_ID, accountId)) as Stored<AccountDocument> | undefined;
      if (!stored) return { kind: 'no-account' };
      const key = request.idempotencyKey;
      if (key !== undefined) {
        const previous = (await container.read(idempotencyDocumentId(key), accountId)) as
          IdempotencyDocument | undefined;
        if (previous) {
          return previous.fingerprint === fingerprint
            ? { kind: 'replayed', reply: previous.response as DepositReply }
            : { kind: 'key-reused' };
        }
      }
      const at = isoNow(deps.clock);
      const transactionId = `dep-${deps.newId()}`;
      const decision = decideDeposit(
        toAccount(stored),
        { amount: request.amount, transactionId, at },
        deps.limits,
      );
      if (decision.kind === 'over-balance-limit') return decision;
      if (decision.kind === 'invalid-amount')
        throw new RangeError(`deposit of ${request.amount} passed validation but breaks the limits`);
      const reply: DepositReply = {
        balance: { amount: decision.account.balance, currency: decision.account.currency },
        transaction: transactionView(decision.entry),
      };
      const event = createBakeryEvent(
        'bakery.deposit.made.v1',
        {
          accountId,
          userId: request.userId,
          transactionId,
          amount: { amount: request.amount, currency: decision.account.currency },
          balance: reply.balance,
          accountVersion: decision.entry.accountVersion,
          depositedAt: at,
        },
        { clock: deps.clock, id: `${transactionId}:deposit-made` },
      );
      const operations: BatchOperation[] = [
        ...(key === undefined ? [] : [idempotencyOperation(key, accountId, fingerprint, reply)]),
        entryOperation(decision.entry),
        accountReplace(decision.account, stored._etag),
        outboxOperation(event, PARTITION_FIELD, accountId),
      ];
      try {
        await container.batch(operations, accountId);
        return { kind: 'made', reply };
      } catch (error) {
        if (key !== undefined && isConflictAt(error, 0)) continue;
        if (!isLostRace(error)) throw error;
      }
    }
    throw new Error(`account ${accountId} kept changing under the deposit; try again`);
  });
}

/** Same key and same body means the same deposit: the body as validated, field order aside. */
export function fingerprintOf(amount: number): string {
  return createHash('sha256').update(JSON.stringify({ amount })).digest('hex');
}

function idempotencyOperation(
  key: string,
  accountId: string,
  fingerprint: string,
  response: DepositReply,
): BatchOperation {
  const doc: IdempotencyDocument = {
    id: idempotencyDocumentId(key),
    kind: 'idempotency',
    accountId,
    fingerprint,
    response,
    ttl: IDEMPOTENCY_TTL_SECONDS,
  };
  return { operationType: 'Create', resourceBody: doc };
}

export function entryOperation(entry: Entry): BatchOperation {
  const doc: EntryDocument = { id: entryDocumentId(entry.transactionId), kind: 'entry', ...entry };
  return { operationType: 'Create', resourceBody: doc };
}

export function accountReplace(account: Account, etag: string): BatchOperation {
  return {
    operationType: 'Replace',
    id: ACCOUNT_ID,
    resourceBody: toAccountDocument(account),
    ifMatch: etag,
  };
}

export function toAccountDocument(account: Account): AccountDocument {
  return { id: ACCOUNT_ID, kind: 'account', ...account };
}

export function toAccount(doc: AccountDocument): Account {
  const { accountId, userId, currency, balance, version, deposited, charged, refunded, openedAt, updatedAt } =
    doc;
  return { accountId, userId, currency, balance, version, deposited, charged, refunded, openedAt, updatedAt };
}
