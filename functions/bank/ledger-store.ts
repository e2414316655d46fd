import type { Container, Stored } from '../../shared/store/port';
import { toAccount } from './account-store';
import type { AccountDocument, EntryDocument } from './bank-container';
import type { Account, Entry } from './ledger';

/** One page of an account's ledger, newest first, and the version the next page starts before. */
export async function listEntries(
  container: Container,
  accountId: string,
  page: { limit: number; before?: number },
): Promise<{ entries: Entry[]; nextBefore?: number }> {
  const docs = await container.query<EntryDocument>({
    partitionKey: accountId,
    where: [
      { field: 'kind', op: '=', value: 'entry' },
      ...(page.before === undefined
        ? []
        : [{ field: 'accountVersion', op: '<' as const, value: page.before }]),
    ],
    orderBy: [{ field: 'accountVersion', direction: 'DESC' }],
    limit: page.limit + 1,
  });
  const entries = docs.slice(0, page.limit).map(toEntry);
  const last = entries.at(-1);
  return docs.length > page.limit && last ? { entries, nextBefore: last.accountVersion } : { entries };
}

/** Every customer account (a cross-partition query: for the staff's books only, never a customer's request). */
export async function listAccounts(container: Container): Promise<Account[]> {
  const docs = await container.query<AccountDocument>({
    where: [{ field: 'kind', op: '=', value: 'account' }],
  });
  return docs.map((doc: Stored<AccountDocument>) => toAccount(doc));
}

/**
 * Every charge and refund entry of every account with `at` in [from, to) (a cross-partition query:
 * for the staff's books only). Entries' `at` is always `toISOString()`, so strings compare as instants.
 */
export async function listMovementsBetween(
  container: Container,
  window: { from: string; to: string },
): Promise<Entry[]> {
  const docs = await container.query<EntryDocument>({
    where: [
      { field: 'kind', op: '=', value: 'entry' },
      { field: 'type', op: 'in', value: ['charge', 'refund'] },
      { field: 'at', op: '>=', value: window.from },
      { field: 'at', op: '<', value: window.to },
    ],
  });
  return docs.map(toEntry);
}

function toEntry(doc: EntryDocument): Entry {
  const { accountId, userId, transactionId, type, amount, currency, balanceAfter, accountVersion, at } = doc;
  return {
    accountId,
    userId,
    transactionId,
    type,
    amount,
    currency,
    balanceAfter,
    accountVersion,
    at,
    ...(doc.chargeId === undefined ? {} : { chargeId: doc.chargeId }),
    ...(doc.orderId === undefined ? {} : { orderId: doc.orderId }),
  };
}
