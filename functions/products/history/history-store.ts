import type { BatchOperation, Container, DocumentStore, Stored } from '../../../shared/store/port';
import { isStoreError } from '../../../shared/store/port';
import { withLines, type ItemHistory } from './item-history';
import type { HistoryEntry } from '../shelf/shelf-effects';

/** The products service's one container: item histories, partitioned by product type. */
export const HISTORY_CONTAINER = { name: 'products', partitionKeyPath: '/productId' } as const;

/** Cosmos allows 100 operations per transactional batch; stay well under it. */
const CHUNK = 50;
/** Writers race only when two orchestrations touch the same item at once; a few rounds settle it. */
const ATTEMPTS = 8;

export function openHistory(store: DocumentStore): Promise<Container<ItemHistory>> {
  return store.container<ItemHistory>(HISTORY_CONTAINER);
}

/**
 * Writes history lines, per product (partition) in chunks, each chunk one transactional batch that
 * creates missing documents and replaces existing ones only if unchanged since read (ETag). A
 * conflict means another writer got there first: read again and merge. Idempotent: lines already
 * present change nothing.
 */
export async function recordHistory(
  container: Container<ItemHistory>,
  entries: readonly HistoryEntry[],
  bakedOn: (bakedAt: string) => string,
): Promise<void> {
  const byProduct = groupBy(entries, (e) => e.productId);
  for (const [productId, lines] of byProduct) {
    const byItem = [...groupBy(lines, (e) => e.itemId)];
    for (let i = 0; i < byItem.length; i += CHUNK) {
      await writeChunk(container, productId, new Map(byItem.slice(i, i + CHUNK)), bakedOn);
    }
  }
}

async function writeChunk(
  container: Container<ItemHistory>,
  productId: string,
  lines: Map<string, HistoryEntry[]>,
  bakedOn: (bakedAt: string) => string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const existing = await container.query<ItemHistory>({
      where: [{ field: 'id', op: 'in', value: [...lines.keys()] }],
      partitionKey: productId,
    });
    const byId = new Map<string, Stored<ItemHistory>>(existing.map((doc) => [doc.id, doc]));
    const operations: BatchOperation[] = [];
    for (const [itemId, entries] of lines) {
      const current = byId.get(itemId);
      const next = withLines(current ? strip(current) : undefined, entries, bakedOn);
      if (!next) continue;
      operations.push(
        current
          ? { operationType: 'Replace', id: itemId, resourceBody: next, ifMatch: current._etag }
          : { operationType: 'Create', resourceBody: next },
      );
    }
    if (operations.length === 0) return;
    try {
      await container.batch(operations, productId);
      return;
    } catch (error) {
      const raced =
        isStoreError(error, 'batch-failed') && (error.statusCode === 409 || error.statusCode === 412);
      if (!raced || attempt >= ATTEMPTS) throw error;
    }
  }
}

function strip({ _etag, _ts, ...doc }: Stored<ItemHistory>): ItemHistory {
  void _etag;
  void _ts;
  return doc;
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
