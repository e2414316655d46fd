/**
 * The document store port, shaped like Cosmos DB (NoSQL API): containers with a partition key path,
 * system properties `_etag` / `_ts`, optimistic concurrency, partition-scoped transactional batch,
 * structured (parameterised) queries and an ordered change feed ("latest version" mode).
 *
 * Adapters: `CosmosDocumentStore` (shared/store/cosmos-store.ts, `@azure/cosmos`) and the embedded
 * store of the local runtime (local/store/embedded-store.ts). Both pass test/contracts/document-store.contract.ts.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Every stored document has a string id; the partition key value is read from `partitionKeyPath`. */
export interface Document {
  id: string;
  [field: string]: unknown;
}

/** System properties added by the store (Cosmos spells them the same). */
export interface SystemProperties {
  _etag: string;
  /** Last modification, seconds since the epoch. */
  _ts: number;
}

export type Stored<T extends Document> = T & SystemProperties;

export type PartitionKey = string | number;

export interface ContainerDefinition {
  /** Container id, e.g. `bank`. */
  name: string;
  /** JSON path of the partition key, e.g. `/accountId`. Single-level paths only. */
  partitionKeyPath: string;
}

export interface WriteOptions {
  /** Optimistic concurrency: fail with `precondition-failed` (412) unless the stored `_etag` matches. */
  ifMatch?: string;
}

/** Structured query that adapters compile to parameterised SQL (`SELECT * FROM c WHERE c.f = @p0 ...`). */
export interface Query {
  /** All conditions must hold (AND). Field paths are dotted (`customer.id`). */
  where?: Condition[];
  orderBy?: Array<{ field: string; direction?: 'ASC' | 'DESC' }>;
  /** Maximum number of results. */
  limit?: number;
  /** Restricts the query to one logical partition. */
  partitionKey?: PartitionKey;
}

export type Condition =
  | { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: JsonValue }
  | { field: string; op: 'in'; value: JsonValue[] }
  | { field: string; op: 'exists' | 'not-exists' };

export type BatchOperation =
  | { operationType: 'Create'; resourceBody: Document }
  | { operationType: 'Upsert'; resourceBody: Document; ifMatch?: string }
  | { operationType: 'Replace'; id: string; resourceBody: Document; ifMatch?: string }
  | { operationType: 'Delete'; id: string; ifMatch?: string }
  | { operationType: 'Read'; id: string };

export interface BatchResult {
  statusCode: number;
  resourceBody?: Stored<Document>;
  etag?: string;
}

export interface ChangeFeedPage<T extends Document = Document> {
  /** Changed documents in commit order, each in its latest version; deletes do not appear. */
  items: Array<Stored<T>>;
  /** Opaque token: pass it back to continue after the last item of this page. */
  continuation: string;
}

export interface ChangeFeedOptions {
  /** Absent: from the beginning. */
  continuation?: string;
  maxItemCount?: number;
}

export interface Container<T extends Document = Document> {
  readonly definition: ContainerDefinition;
  /** `undefined` when absent (Cosmos answers 404; the port turns that into a value). */
  read(id: string, partitionKey: PartitionKey): Promise<Stored<T> | undefined>;
  /** Fails with `conflict` (409) when the id already exists in the partition. */
  create(doc: T): Promise<Stored<T>>;
  upsert(doc: T, options?: WriteOptions): Promise<Stored<T>>;
  /** Fails with `not-found` (404) when absent, `precondition-failed` (412) on an ETag mismatch. */
  replace(doc: T, options?: WriteOptions): Promise<Stored<T>>;
  /** Fails with `not-found` (404) when absent, `precondition-failed` (412) on an ETag mismatch. */
  delete(id: string, partitionKey: PartitionKey, options?: WriteOptions): Promise<void>;
  query<R extends Document = T>(query: Query): Promise<Array<Stored<R>>>;
  /**
   * Transactional batch in one logical partition (at most 100 operations): all succeed or none is
   * applied. On failure throws a StoreError with code `batch-failed` whose `operationIndex` names the
   * first failing operation and whose `statusCode` is that operation's status (409, 412, 404...).
   */
  batch(operations: BatchOperation[], partitionKey: PartitionKey): Promise<BatchResult[]>;
  readChangeFeed(options?: ChangeFeedOptions): Promise<ChangeFeedPage<T>>;
}

export interface DocumentStore {
  /** Opens (creating if needed) a container. */
  container<T extends Document = Document>(definition: ContainerDefinition): Promise<Container<T>>;
  close(): Promise<void>;
}

export type StoreErrorCode =
  'conflict' | 'precondition-failed' | 'not-found' | 'batch-failed' | 'bad-request';

/**
 * The service refused a request as a whole (only a remote adapter answers these; the in-memory one
 * never does, so they stay out of StoreErrorCode): `throttled` (429, retryable, after `retryAfterMs`
 * when the service said), `too-large` (413: our request is too big, a bug, not retryable),
 * `forbidden` (403: the identity lacks a role or the account refuses it, not retryable).
 */
export type StoreServiceErrorCode = 'throttled' | 'too-large' | 'forbidden';

const statusOf: Record<StoreErrorCode | StoreServiceErrorCode, number> = {
  conflict: 409,
  'precondition-failed': 412,
  'not-found': 404,
  'batch-failed': 400,
  'bad-request': 400,
  throttled: 429,
  'too-large': 413,
  forbidden: 403,
};

export class StoreError extends Error {
  readonly statusCode: number;
  /** True only for `throttled`: the same request may succeed later. */
  readonly retryable: boolean;
  /** For `throttled`: how long the service asked to wait, when it said (x-ms-retry-after-ms). */
  readonly retryAfterMs?: number;
  constructor(
    readonly code: StoreErrorCode | StoreServiceErrorCode,
    message: string,
    options: { statusCode?: number; operationIndex?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StoreError';
    this.statusCode = options.statusCode ?? statusOf[code];
    this.operationIndex = options.operationIndex;
    this.retryable = code === 'throttled';
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
  readonly operationIndex?: number;
}

export function isStoreError(
  error: unknown,
  code?: StoreErrorCode | StoreServiceErrorCode,
): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
