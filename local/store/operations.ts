import type { BatchOperation, Document, PartitionKey, StoreErrorCode } from '../../shared/store/port';
import { cloneJson, valueAt } from './json-values';

/**
 * Decides one write or read against the current state (including the earlier operations of the
 * same batch) without touching it: the container commits the resulting mutations afterwards, all
 * together, so a batch is validated completely before anything is written.
 */

export interface StoredDoc extends Document {
  _etag: string;
  _ts: number;
  /** Position in the container's change feed (Cosmos has `_lsn` too). */
  _lsn: number;
}

/** `doc` undefined deletes the key. */
export interface Mutation {
  key: string;
  partition: string;
  doc?: StoredDoc;
}

export type FailureCode = Exclude<StoreErrorCode, 'batch-failed'>;

const failureStatus: Record<FailureCode, number> = {
  conflict: 409,
  'precondition-failed': 412,
  'not-found': 404,
  'bad-request': 400,
};

/** An operation that cannot run; a single call turns it into a StoreError, a batch into `batch-failed`. */
export class OperationFailure extends Error {
  /** Set by the batch that ran the operation. */
  operationIndex = 0;
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
  get statusCode(): number {
    return failureStatus[this.code];
  }
}

export interface PlanState {
  readonly pkSegments: readonly string[];
  current(key: string): StoredDoc | undefined;
  /** Adds fresh system properties to a body this module already copied. */
  stamp(body: Document): StoredDoc;
}

export interface Planned {
  statusCode: number;
  mutation?: Mutation;
  /** The stored version the operation read or wrote (the container copies it for the caller). */
  doc?: StoredDoc;
}

export const partitionOf = (pk: PartitionKey): string => JSON.stringify(pk);
export const keyOf = (pk: PartitionKey, id: string): string => JSON.stringify([pk, id]);

/** `batchPartition` is the batch's partition key; absent for single calls (taken from the body). */
export function planOperation(
  op: BatchOperation,
  batchPartition: PartitionKey | undefined,
  state: PlanState,
): Planned {
  switch (op.operationType) {
    case 'Create':
    case 'Upsert':
    case 'Replace': {
      const body = cloneBody(op.resourceBody);
      const pk = partitionKeyOf(body, state.pkSegments);
      if (batchPartition !== undefined && pk !== batchPartition) {
        throw new OperationFailure(
          'bad-request',
          `document "${body.id}" has partition key ${partitionOf(pk)}, the batch is for ${partitionOf(batchPartition)}`,
        );
      }
      if (op.operationType === 'Replace' && op.id !== body.id) {
        throw new OperationFailure(
          'bad-request',
          `replace of "${op.id}" carries a body with id "${body.id}"`,
        );
      }
      const key = keyOf(pk, body.id);
      const existing = state.current(key);
      if (op.operationType === 'Create' && existing)
        throw new OperationFailure('conflict', `"${body.id}" already exists in partition ${partitionOf(pk)}`);
      if (op.operationType === 'Replace' && !existing)
        throw new OperationFailure(
          'not-found',
          `"${body.id}" does not exist in partition ${partitionOf(pk)}`,
        );
      // Like Cosmos: an upsert's ifMatch guards the replace path only; a missing document is created.
      if (
        op.operationType !== 'Create' &&
        existing &&
        op.ifMatch !== undefined &&
        op.ifMatch !== existing._etag
      ) {
        throw new OperationFailure('precondition-failed', `"${body.id}" has changed (ETag mismatch)`);
      }
      const doc = state.stamp(body);
      return {
        statusCode: existing && op.operationType !== 'Create' ? 200 : 201,
        doc,
        mutation: { key, partition: partitionOf(pk), doc },
      };
    }
    case 'Delete':
    case 'Read': {
      if (batchPartition === undefined) throw new Error('a delete or read needs a partition key');
      const key = keyOf(batchPartition, op.id);
      const existing = state.current(key);
      if (!existing)
        throw new OperationFailure(
          'not-found',
          `"${op.id}" does not exist in partition ${partitionOf(batchPartition)}`,
        );
      if (op.operationType === 'Read') return { statusCode: 200, doc: existing };
      if (op.ifMatch !== undefined && op.ifMatch !== existing._etag) {
        throw new OperationFailure('precondition-failed', `"${op.id}" has changed (ETag mismatch)`);
      }
      return { statusCode: 204, mutation: { key, partition: partitionOf(batchPartition) } };
    }
    default: {
      const unknownOp: never = op;
      throw new OperationFailure('bad-request', `unknown batch operation ${JSON.stringify(unknownOp)}`);
    }
  }
}

const forbiddenIdCharacters = /[/\\?#]/;

/** The one deep copy a write makes: the caller keeps its object, the store keeps its own. */
function cloneBody(resourceBody: Document): Document {
  if (resourceBody === null || typeof resourceBody !== 'object' || Array.isArray(resourceBody)) {
    throw new OperationFailure('bad-request', 'a document must be a JSON object');
  }
  const body = cloneJson(resourceBody);
  const id: unknown = body.id;
  if (typeof id !== 'string' || id === '')
    throw new OperationFailure('bad-request', 'a document needs a non-empty string id');
  if (id.length > 255)
    throw new OperationFailure('bad-request', `id "${id.slice(0, 20)}..." is longer than 255 characters`);
  if (forbiddenIdCharacters.test(id))
    throw new OperationFailure('bad-request', `id "${id}" contains one of / \\ ? # (Cosmos rejects them)`);
  return body;
}

function partitionKeyOf(body: Document, segments: readonly string[]): PartitionKey {
  const value = valueAt(body, segments);
  if (typeof value === 'string' || typeof value === 'number') return value;
  const path = '/' + segments.join('/');
  throw new OperationFailure(
    'bad-request',
    value === undefined
      ? `document "${body.id}" has no partition key value at ${path}`
      : `partition key ${path} of "${body.id}" must be a string or a number`,
  );
}
