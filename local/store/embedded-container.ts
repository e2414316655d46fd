import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock';
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
} from '../../shared/store/port';
import type { Journal, JournalRecord } from '../persistence/journal';
import { ChangeIndex } from './change-index';
import { cloneJson } from './json-values';
import {
  OperationFailure,
  keyOf,
  partitionOf,
  planOperation,
  type Mutation,
  type Planned,
  type StoredDoc,
} from './operations';
import { runQuery } from './query-eval';

export interface ContainerWiring {
  journal: Journal;
  clock: Clock;
  /** Journal collection holding this container's documents (key = JSON [pk, id]). */
  docsCollection: string;
  /** Builds the record that persists the definition and the change feed position. */
  metaRecord(lastLsn: number): JournalRecord;
  /** The lsn the persisted definition recorded (covers deleted documents' positions). */
  persistedLsn: number;
  assertOpen(): void;
  changed(): void;
  /** Counts a call (for the runtime's counters); `operations` for a batch. */
  counted?(call: StoreCall, operations?: number): void;
}

export type StoreCall = 'pointReads' | 'queries' | 'writes' | 'batches' | 'changeFeedReads';

const maxBatchSize = 100;
const defaultPageSize = 100;

export class EmbeddedContainer<T extends Document = Document> implements Container<T> {
  private readonly docs: ReadonlyMap<string, unknown>;
  private readonly partitions = new Map<string, Set<string>>();
  private readonly changes = new ChangeIndex();
  private readonly pkSegments: string[];
  private lastLsn: number;
  private readonly isCurrent = (lsn: number, key: string) => this.doc(key)?._lsn === lsn;

  constructor(
    readonly definition: ContainerDefinition,
    private readonly wiring: ContainerWiring,
  ) {
    this.pkSegments = definition.partitionKeyPath.slice(1).split('/');
    this.docs = wiring.journal.collection(wiring.docsCollection);
    this.lastLsn = wiring.persistedLsn;
    const byLsn: Array<[number, string]> = [];
    for (const [key, value] of this.docs) {
      const doc = value as StoredDoc;
      byLsn.push([doc._lsn, key]);
      this.addToPartition(JSON.stringify((JSON.parse(key) as unknown[])[0]), key);
      if (doc._lsn > this.lastLsn) this.lastLsn = doc._lsn;
    }
    byLsn.sort((a, b) => a[0] - b[0]);
    for (const [lsn, key] of byLsn) this.changes.append(lsn, key);
  }

  async read(id: string, partitionKey: PartitionKey): Promise<Stored<T> | undefined> {
    this.wiring.assertOpen();
    this.wiring.counted?.('pointReads');
    const doc = this.doc(keyOf(partitionKey, id));
    return doc ? this.out(doc) : undefined;
  }

  async create(doc: T): Promise<Stored<T>> {
    return this.single({ operationType: 'Create', resourceBody: doc });
  }

  async upsert(doc: T, options: WriteOptions = {}): Promise<Stored<T>> {
    return this.single({ operationType: 'Upsert', resourceBody: doc, ifMatch: options.ifMatch });
  }

  async replace(doc: T, options: WriteOptions = {}): Promise<Stored<T>> {
    return this.single({ operationType: 'Replace', id: doc.id, resourceBody: doc, ifMatch: options.ifMatch });
  }

  async delete(id: string, partitionKey: PartitionKey, options: WriteOptions = {}): Promise<void> {
    await this.single({ operationType: 'Delete', id, ifMatch: options.ifMatch }, partitionKey);
  }

  async query<R extends Document = T>(query: Query): Promise<Array<Stored<R>>> {
    this.wiring.assertOpen();
    this.wiring.counted?.('queries');
    const scope =
      query.partitionKey === undefined ? this.docs.values() : this.partitionDocs(query.partitionKey);
    return runQuery(scope as Iterable<StoredDoc>, query).map((doc) => cloneJson(doc) as unknown as Stored<R>);
  }

  async batch(operations: BatchOperation[], partitionKey: PartitionKey): Promise<BatchResult[]> {
    this.wiring.assertOpen();
    if (!Array.isArray(operations)) throw new StoreError('bad-request', 'batch operations must be an array');
    this.wiring.counted?.('batches', operations.length);
    if (operations.length > maxBatchSize) {
      throw new StoreError(
        'bad-request',
        `a batch holds at most ${maxBatchSize} operations, got ${operations.length}`,
      );
    }
    if (typeof partitionKey !== 'string' && typeof partitionKey !== 'number') {
      throw new StoreError('bad-request', 'a batch needs a string or number partition key');
    }
    let planned: Planned[];
    try {
      planned = this.plan(operations, partitionKey);
    } catch (error) {
      if (!(error instanceof OperationFailure)) throw error;
      const index = error.operationIndex;
      throw new StoreError(
        'batch-failed',
        `batch operation ${index} (${operations[index]?.operationType}) failed: ${error.message}`,
        {
          statusCode: error.statusCode,
          operationIndex: index,
          cause: error,
        },
      );
    }
    this.commit(planned);
    return planned.map((p) =>
      p.doc
        ? { statusCode: p.statusCode, resourceBody: this.out(p.doc), etag: p.doc._etag }
        : { statusCode: p.statusCode },
    );
  }

  async readChangeFeed(options: ChangeFeedOptions = {}): Promise<ChangeFeedPage<T>> {
    this.wiring.assertOpen();
    this.wiring.counted?.('changeFeedReads');
    const after = parseContinuation(options.continuation);
    const max = options.maxItemCount ?? defaultPageSize;
    if (!Number.isInteger(max) || max < 1)
      throw new StoreError('bad-request', `maxItemCount must be a positive integer, got ${String(max)}`);
    const items: Array<Stored<T>> = [];
    let position = this.changes.scan(after, (lsn, key) => {
      const doc = this.doc(key);
      if (doc?._lsn === lsn) items.push(this.out(doc));
      return items.length < max;
    });
    // A page that reached the end covers everything committed so far, deleted positions included.
    if (items.length < max) position = Math.max(position, this.lastLsn);
    return { items, continuation: `lsn:${position}` };
  }

  private async single(op: BatchOperation, partitionKey?: PartitionKey): Promise<Stored<T>> {
    this.wiring.assertOpen();
    this.wiring.counted?.('writes');
    let planned: Planned[];
    try {
      planned = this.plan([op], partitionKey);
    } catch (error) {
      if (error instanceof OperationFailure)
        throw new StoreError(error.code, error.message, { cause: error });
      throw error;
    }
    this.commit(planned);
    const doc = planned[0].doc;
    return (doc ? this.out(doc) : undefined) as Stored<T>;
  }

  /** Validates every operation against the state the earlier ones would leave; writes nothing. */
  private plan(operations: BatchOperation[], partitionKey: PartitionKey | undefined): Planned[] {
    const overlay = new Map<string, StoredDoc | null>();
    let nextLsn = this.lastLsn;
    const ts = Math.floor(this.wiring.clock.now() / 1000);
    const state = {
      pkSegments: this.pkSegments,
      current: (key: string) => (overlay.has(key) ? (overlay.get(key) ?? undefined) : this.doc(key)),
      stamp: (body: Document): StoredDoc =>
        Object.assign(body, { _etag: `"${randomUUID()}"`, _ts: ts, _lsn: ++nextLsn }),
    };
    return operations.map((op, index) => {
      try {
        const planned = planOperation(op, partitionKey, state);
        if (planned.mutation) overlay.set(planned.mutation.key, planned.mutation.doc ?? null);
        return planned;
      } catch (error) {
        if (error instanceof OperationFailure) error.operationIndex = index;
        throw error;
      }
    });
  }

  /** One journal line for the whole unit, then the in-memory indexes, then listeners. */
  private commit(planned: Planned[]): void {
    const mutations = planned.flatMap((p) => (p.mutation ? [p.mutation] : []));
    if (mutations.length === 0) return;
    const records: JournalRecord[] = mutations.map((m) => ({
      collection: this.wiring.docsCollection,
      key: m.key,
      value: m.doc,
    }));
    const lastLsn = mutations.reduce((max, m) => Math.max(max, m.doc?._lsn ?? 0), this.lastLsn);
    // A delete can remove the document holding the newest lsn; the definition record keeps it.
    if (mutations.some((m) => !m.doc)) records.push(this.wiring.metaRecord(lastLsn));
    const seen = new Set<string>();
    const existed = mutations.map((m) => {
      const had = this.docs.has(m.key) || seen.has(m.key);
      seen.add(m.key);
      return had;
    });
    this.wiring.journal.commit(records);
    this.lastLsn = lastLsn;
    mutations.forEach((m, i) => this.index(m, existed[i]));
    this.wiring.changed();
  }

  private index(m: Mutation, existed: boolean): void {
    if (existed) this.changes.superseded(this.isCurrent);
    if (m.doc) {
      this.changes.append(m.doc._lsn, m.key);
      this.addToPartition(m.partition, m.key);
    } else {
      const keys = this.partitions.get(m.partition);
      keys?.delete(m.key);
      if (keys?.size === 0) this.partitions.delete(m.partition);
    }
  }

  private addToPartition(partition: string, key: string): void {
    let keys = this.partitions.get(partition);
    if (!keys) this.partitions.set(partition, (keys = new Set()));
    keys.add(key);
  }

  private *partitionDocs(pk: PartitionKey): Iterable<unknown> {
    for (const key of this.partitions.get(partitionOf(pk)) ?? []) yield this.docs.get(key);
  }

  private doc(key: string): StoredDoc | undefined {
    return this.docs.get(key) as StoredDoc | undefined;
  }

  /** Callers get their own copy: mutating it must not change what is stored. */
  private out(doc: StoredDoc): Stored<T> {
    return cloneJson(doc) as unknown as Stored<T>;
  }
}

function parseContinuation(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = typeof token === 'string' ? /^lsn:(\d+)$/.exec(token) : null;
  if (!match)
    throw new StoreError('bad-request', `not a change feed continuation of this store: ${String(token)}`);
  return Number(match[1]);
}
