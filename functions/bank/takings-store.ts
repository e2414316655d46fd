import { isoNow, type Clock } from '../../shared/clock';
import type { BatchOperation, Container, Document, Stored } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import {
  MAX_ATTEMPTS,
  TAKINGS_ID,
  TAKINGS_PARTITION,
  appliedDocumentId,
  isLostRace,
  type EntryDocument,
  type TakingsDocument,
} from './bank-container';
import { applyToTakings, emptyTakings, movesTakings, type Takings } from './takings';

/** Applied-set records and the takings document in one batch: at most 100 operations (Cosmos DB). */
const ENTRIES_PER_BATCH = 99;

/** The ledger entries in a change-feed page that the takings account must apply (not yet known whether applied). */
export function takingsEntries(documents: readonly Document[]): EntryDocument[] {
  const seen = new Set<string>();
  return (documents as EntryDocument[]).filter((doc) => {
    if (doc.kind !== 'entry' || doc.accountId === TAKINGS_PARTITION || !movesTakings(doc)) return false;
    const key = appliedDocumentId(doc);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function readTakings(container: Container): Promise<Takings | undefined> {
  const doc = (await container.read(TAKINGS_ID, TAKINGS_PARTITION)) as Stored<TakingsDocument> | undefined;
  return doc && takingsOf(doc);
}

/**
 * Applies ledger entries to the takings account exactly once each: every entry's applied-set
 * record (Create, keyed by account and transaction) commits with the takings' new balance
 * (If-Match), so an entry seen again — a redelivered change-feed batch, a lease restarted from the
 * beginning — hits its record and is left out. The records are kept (no TTL) for that reason.
 */
export async function applyToTakingsOnce(
  container: Container,
  entries: readonly EntryDocument[],
  currency: string,
  clock: Clock,
): Promise<number> {
  let applied = 0;
  for (let i = 0; i < entries.length; i += ENTRIES_PER_BATCH)
    applied += await applyChunk(container, entries.slice(i, i + ENTRIES_PER_BATCH), currency, clock);
  return applied;
}

async function applyChunk(
  container: Container,
  chunk: readonly EntryDocument[],
  currency: string,
  clock: Clock,
): Promise<number> {
  let pending = [...chunk];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.length > 0; attempt++) {
    const stored = (await container.read(TAKINGS_ID, TAKINGS_PARTITION)) as
      Stored<TakingsDocument> | undefined;
    const at = isoNow(clock);
    const before = stored ? takingsOf(stored) : emptyTakings(currency, at);
    const after: TakingsDocument = {
      id: TAKINGS_ID,
      kind: 'takings',
      accountId: TAKINGS_PARTITION,
      ...applyToTakings(before, pending, at),
    };
    const operations: BatchOperation[] = [
      ...pending.map((entry): BatchOperation => ({
        operationType: 'Create',
        resourceBody: appliedRecord(entry),
      })),
      stored
        ? { operationType: 'Replace', id: TAKINGS_ID, resourceBody: after, ifMatch: stored._etag }
        : { operationType: 'Create', resourceBody: after },
    ];
    try {
      await container.batch(operations, TAKINGS_PARTITION);
      return pending.length;
    } catch (error) {
      if (
        isStoreError(error, 'batch-failed') &&
        error.statusCode === 409 &&
        (error.operationIndex ?? -1) < pending.length
      ) {
        // Some of these were applied before: leave them out and apply the rest.
        pending = await notYetApplied(container, pending);
        continue;
      }
      // Another writer got to the takings first (or created it first).
      if (isLostRace(error, pending.length) || isCreateRace(error, pending.length)) continue;
      throw error;
    }
  }
  if (pending.length === 0) return 0;
  throw new Error('the takings account kept changing; the change feed will deliver these entries again');
}

async function notYetApplied(
  container: Container,
  entries: readonly EntryDocument[],
): Promise<EntryDocument[]> {
  const found = await Promise.all(
    entries.map((entry) => container.read(appliedDocumentId(entry), TAKINGS_PARTITION)),
  );
  return entries.filter((_, i) => found[i] === undefined);
}

function isCreateRace(error: unknown, index: number): boolean {
  return isStoreError(error, 'batch-failed') && error.operationIndex === index && error.statusCode === 409;
}

function appliedRecord(entry: EntryDocument): Document {
  return {
    id: appliedDocumentId(entry),
    kind: 'applied',
    accountId: TAKINGS_PARTITION,
    sourceAccountId: entry.accountId,
    transactionId: entry.transactionId,
    type: entry.type,
    amount: entry.amount,
  };
}

function takingsOf(doc: TakingsDocument): Takings {
  const { currency, balance, credited, debited, entries, updatedAt } = doc;
  return { currency, balance, credited, debited, entries, updatedAt };
}
