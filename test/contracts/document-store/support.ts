import { randomUUID } from 'node:crypto';
import type { IndexingPolicy } from '@azure/cosmos';
import {
  isStoreError,
  type Container,
  type ContainerDefinition,
  type Document,
  type DocumentStore,
  type StoreErrorCode,
} from '../../../shared/store/port';

export interface StoreUnderTest {
  store: DocumentStore;
  cleanup?: () => Promise<void>;
  /** Closes the store and opens a new one on the same data. */
  reopen?: () => Promise<DocumentStore>;
}

export type MakeStore = () => Promise<StoreUnderTest>;

export interface ContractContext {
  /** The suite's shared store (opened in beforeAll). */
  store(): DocumentStore;
  makeStore: MakeStore;
}

export interface ContractDoc extends Document {
  pk: string;
  [field: string]: unknown;
}

/** Every contract test uses this container (plus one with a numeric partition key). */
export const docsContainer: ContainerDefinition = { name: 'contract-docs', partitionKeyPath: '/pk' };
export const accountsContainer: ContainerDefinition = {
  name: 'contract-accounts',
  partitionKeyPath: '/accountNo',
};

/**
 * Cosmos needs a composite index for an ORDER BY on two fields; adapters that create containers
 * (the Cosmos contract run) pass this for `contract-docs`.
 */
export const contractIndexingPolicies: Record<string, IndexingPolicy> = {
  [docsContainer.name]: {
    indexingMode: 'consistent',
    automatic: true,
    includedPaths: [{ path: '/*' }],
    excludedPaths: [{ path: '/"_etag"/?' }],
    compositeIndexes: [
      [
        { path: '/kind', order: 'ascending' },
        { path: '/s', order: 'descending' },
      ],
    ],
  },
};

export const unique = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function docs(ctx: ContractContext): Promise<Container<ContractDoc>> {
  return ctx.store().container<ContractDoc>(docsContainer);
}

/** Awaits a rejection and checks it is a StoreError with the given code (and status / index). */
export async function expectStoreError(
  promise: Promise<unknown>,
  code: StoreErrorCode,
  expected: { statusCode?: number; operationIndex?: number } = {},
): Promise<void> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok)
    throw new Error(
      `expected a StoreError "${code}", but the call succeeded with ${JSON.stringify(outcome.value)}`,
    );
  const error = outcome.error;
  if (!isStoreError(error))
    throw new Error(`expected a StoreError "${code}", got ${String(error)}`, { cause: error });
  expect({ code: error.code, statusCode: error.statusCode, operationIndex: error.operationIndex }).toEqual({
    code,
    statusCode: expected.statusCode ?? error.statusCode,
    operationIndex: 'operationIndex' in expected ? expected.operationIndex : error.operationIndex,
  });
}

export const ids = (items: Document[]): string[] => items.map((d) => d.id);
export const sortedIds = (items: Document[]): string[] => ids(items).sort();

/** The continuation at the current end of the feed (reads everything written so far). */
export async function feedEnd(container: Container<ContractDoc>): Promise<string> {
  const { continuation } = await readFeed(container, undefined, 1000);
  return continuation;
}

/** Reads pages until an empty one (undefined = from the beginning); returns every page and the final continuation. */
export async function readFeed(
  container: Container<ContractDoc>,
  continuation: string | undefined,
  maxItemCount?: number,
) {
  const pages: ContractDoc[][] = [];
  let position = continuation;
  // A feed that never runs dry (a continuation that does not advance) must fail, not hang.
  for (let reads = 0; reads < 10_000; reads++) {
    const page = await container.readChangeFeed({ continuation: position, maxItemCount });
    position = page.continuation;
    if (page.items.length === 0) return { pages, items: pages.flat(), continuation: position };
    pages.push(page.items);
  }
  throw new Error('the change feed did not run dry after 10000 pages: does the continuation advance?');
}
