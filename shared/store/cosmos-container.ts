import {
  ChangeFeedStartFrom,
  type Container as AzureContainer,
  type DeleteOperationInput,
  type JSONObject,
  type OperationInput,
  type RequestOptions,
} from '@azure/cosmos';
import {
  StoreError,
  type BatchOperation,
  type BatchResult,
  type ChangeFeedOptions,
  type ChangeFeedPage,
  type Container,
  type ContainerDefinition,
  type Document,
  type PartitionKey,
  type Query,
  type Stored,
  type WriteOptions,
} from './port';
import { toSql } from './query-sql';

/** One Cosmos DB container behind the port; errors come back as StoreErrors with Cosmos's status. */
export class CosmosContainer<T extends Document = Document> implements Container<T> {
  private readonly pkSegments: string[];

  constructor(
    readonly definition: ContainerDefinition,
    private readonly container: AzureContainer,
  ) {
    this.pkSegments = definition.partitionKeyPath.slice(1).split('/');
  }

  async read(id: string, partitionKey: PartitionKey): Promise<Stored<T> | undefined> {
    try {
      // The SDK answers a 404 with `resource: undefined` rather than throwing.
      const { resource } = await this.container.item(id, partitionKey).read<Stored<T>>();
      return resource ?? undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toStoreError(error);
    }
  }

  async create(doc: T): Promise<Stored<T>> {
    this.partitionKeyOf(doc);
    return written(await call(() => this.container.items.create<T>(doc, writeOptions())), doc);
  }

  async upsert(doc: T, options: WriteOptions = {}): Promise<Stored<T>> {
    this.partitionKeyOf(doc);
    return written(await call(() => this.container.items.upsert<T>(doc, writeOptions(options.ifMatch))), doc);
  }

  async replace(doc: T, options: WriteOptions = {}): Promise<Stored<T>> {
    const item = this.container.item(doc.id, this.partitionKeyOf(doc));
    return written(await call(() => item.replace<T>(doc, writeOptions(options.ifMatch))), doc);
  }

  async delete(id: string, partitionKey: PartitionKey, options: WriteOptions = {}): Promise<void> {
    await call(() => this.container.item(id, partitionKey).delete(writeOptions(options.ifMatch)));
  }

  async query<R extends Document = T>(query: Query): Promise<Array<Stored<R>>> {
    const spec = toSql(query);
    const feedOptions = query.partitionKey === undefined ? {} : { partitionKey: query.partitionKey };
    const { resources } = await call(() =>
      this.container.items.query<Stored<R>>(spec, feedOptions).fetchAll(),
    );
    return resources;
  }

  async batch(operations: BatchOperation[], partitionKey: PartitionKey): Promise<BatchResult[]> {
    if (operations.length > 100) {
      throw new StoreError('bad-request', `a batch holds at most 100 operations, got ${operations.length}`);
    }
    // Cosmos rejects an empty batch; nothing to do is not an error for the port.
    if (operations.length === 0) return [];
    this.checkPartition(operations, partitionKey);
    const response = await this.container.items
      .batch(operations.map(toOperationInput), partitionKey, writeOptions())
      .catch((error: unknown) => {
        throw batchRefusal(error, operations.length);
      });
    const results = response.result ?? [];
    // A failed atomic batch comes back as 207 Multi-Status: the operation that failed carries its
    // own status; the others carry 424 (Failed Dependency).
    const failed = results.findIndex((r) => r.statusCode >= 400 && r.statusCode !== 424);
    const index = failed >= 0 ? failed : results.findIndex((r) => r.statusCode >= 400);
    if (index >= 0) {
      const statusCode = results[index].statusCode;
      throw new StoreError(
        'batch-failed',
        `batch operation ${index} (${operations[index]?.operationType}) failed with status ${statusCode}`,
        {
          statusCode,
          operationIndex: index,
        },
      );
    }
    return results.map((r) => ({
      statusCode: r.statusCode,
      ...(r.resourceBody ? { resourceBody: r.resourceBody as unknown as Stored<Document> } : {}),
      ...(r.eTag ? { etag: r.eTag } : {}),
    }));
  }

  async readChangeFeed(options: ChangeFeedOptions = {}): Promise<ChangeFeedPage<T>> {
    const iterator = this.container.items.getChangeFeedIterator<T>({
      changeFeedStartFrom: options.continuation
        ? ChangeFeedStartFrom.Continuation(options.continuation)
        : ChangeFeedStartFrom.Beginning(),
      maxItemCount: options.maxItemCount ?? 100,
    });
    const response = await call(() => iterator.readNext());
    return { items: response.result ?? [], continuation: response.continuationToken };
  }

  /**
   * Cosmos would store a body without a partition key value under the "none" key, and the SDK turns
   * a batch rejected as a whole into an Error without a status; checking first keeps both adapters
   * answering bad-request / batch-failed 400 alike.
   */
  private checkPartition(operations: BatchOperation[], partitionKey: PartitionKey): void {
    operations.forEach((op, index) => {
      if (op.operationType === 'Delete' || op.operationType === 'Read') return;
      let pk: PartitionKey | undefined;
      try {
        pk = this.partitionKeyOf(op.resourceBody);
      } catch {
        pk = undefined;
      }
      if (pk !== partitionKey) {
        throw new StoreError(
          'batch-failed',
          `batch operation ${index} (${op.operationType}): the document is not in partition ${JSON.stringify(partitionKey)}`,
          {
            statusCode: 400,
            operationIndex: index,
          },
        );
      }
    });
  }

  private partitionKeyOf(doc: Document): PartitionKey {
    let value: unknown = doc;
    for (const segment of this.pkSegments)
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    if (typeof value === 'string' || typeof value === 'number') return value;
    throw new StoreError(
      'bad-request',
      `document "${doc.id}" has no string or number partition key at ${this.definition.partitionKeyPath}`,
    );
  }
}

/** Ids always come from the caller (as in the embedded store): never let the SDK invent one. */
function writeOptions(ifMatch?: string): RequestOptions {
  return ifMatch === undefined
    ? { disableAutomaticIdGeneration: true }
    : { disableAutomaticIdGeneration: true, accessCondition: { type: 'IfMatch', condition: ifMatch } };
}

function toOperationInput(op: BatchOperation): OperationInput {
  switch (op.operationType) {
    case 'Create':
      return { operationType: 'Create', resourceBody: op.resourceBody as JSONObject };
    case 'Upsert':
      return {
        operationType: 'Upsert',
        resourceBody: op.resourceBody as JSONObject,
        ...ifMatchOf(op.ifMatch),
      };
    case 'Replace':
      return {
        operationType: 'Replace',
        id: op.id,
        resourceBody: op.resourceBody as JSONObject,
        ...ifMatchOf(op.ifMatch),
      };
    case 'Delete': {
      // The service honours ifMatch on a batch delete; the SDK's DeleteOperationInput type omits it.
      const input: DeleteOperationInput & { ifMatch?: string } = {
        operationType: 'Delete',
        id: op.id,
        ...ifMatchOf(op.ifMatch),
      };
      return input;
    }
    case 'Read':
      return { operationType: 'Read', id: op.id };
    default: {
      const unknownOp: never = op;
      throw new StoreError('bad-request', `unknown batch operation ${JSON.stringify(unknownOp)}`);
    }
  }
}

const ifMatchOf = (ifMatch: string | undefined) => (ifMatch === undefined ? {} : { ifMatch });

function written<T extends Document>(response: { resource?: T }, doc: T): Stored<T> {
  if (!response.resource)
    throw new Error(`Cosmos answered a write of "${doc.id}" without the stored document`);
  return response.resource as Stored<T>;
}

async function call<R>(operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}

function statusOf(error: unknown): number | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** The service's x-ms-retry-after-ms, as the SDK's ErrorResponse carries it (retryAfterInMs or the header). */
function retryAfterOf(error: unknown): number | undefined {
  const e = (error ?? {}) as { retryAfterInMs?: unknown; headers?: Record<string, unknown> };
  const value = e.retryAfterInMs ?? e.headers?.['x-ms-retry-after-ms'];
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : NaN;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * A batch refused as a whole. @azure/cosmos 4.9 (Items.batch in dist/commonjs/client/Item/Items.js)
 * catches the ErrorResponse of the batch request and rethrows `new Error("Batch request error: " +
 * err.message)`: no `code`, no headers, no `retryAfterInMs`, no cause. So the status is taken from a
 * numeric `code`/`statusCode` when there is one (the ErrorResponse of other paths, a future SDK) and
 * otherwise from the service's message, which names the condition.
 * 429 is not retried here: the SDK's ResourceThrottleRetryPolicy already retried it (default 9 times,
 * up to 30 s, honouring x-ms-retry-after-ms) before it reached us; it surfaces as `throttled`
 * (retryable) for the caller (a trigger's retry, a 503 to a client) to decide.
 */
function batchRefusal(error: unknown, count: number): unknown {
  const message = (error as Error | undefined)?.message ?? String(error);
  const status =
    statusOf(error) ??
    (/\b429\b|TooManyRequests|Request rate is large/i.test(message)
      ? 429
      : /\b413\b|RequestEntityTooLarge|Request size is too large|too large/i.test(message)
        ? 413
        : /\b403\b|Forbidden|not authorized|RBAC permissions/i.test(message)
          ? 403
          : undefined);
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- status codes are open-ended; the default keeps the SDK's error
  switch (status) {
    case 429:
      return new StoreError(
        'throttled',
        `Cosmos DB throttled a batch of ${count} operations (429): ${message}`,
        {
          cause: error,
          retryAfterMs: retryAfterOf(error),
        },
      );
    case 413:
      return new StoreError(
        'too-large',
        `Cosmos DB refused a batch of ${count} operations as too large (413): a bug in how we size batches: ${message}`,
        { cause: error },
      );
    case 403:
      return new StoreError(
        'forbidden',
        `Cosmos DB refused a batch of ${count} operations (403): ${message}`,
        {
          cause: error,
        },
      );
    default:
      return toStoreError(error);
  }
}

/** Maps the statuses the port names; anything else (429, 503, network) is rethrown untouched. */
function toStoreError(error: unknown): unknown {
  const message = `Cosmos DB: ${(error as Error | undefined)?.message ?? String(error)}`;
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- status codes are open-ended; the default keeps the SDK's error
  switch (statusOf(error)) {
    case 400:
      return new StoreError('bad-request', message, { cause: error });
    case 404:
      return new StoreError('not-found', message, { cause: error });
    case 409:
      return new StoreError('conflict', message, { cause: error });
    case 412:
      return new StoreError('precondition-failed', message, { cause: error });
    default:
      return error;
  }
}
