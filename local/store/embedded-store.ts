/**
 * The local runtime's document store: the DocumentStore port (shared/store/port.ts) on the
 * append-only Journal, so documents survive a restart and `--fresh` starts a new bakery.
 *
 * Behaves like Cosmos DB (NoSQL API) where the port can see it:
 * - `_etag` is an opaque quoted string, new on every write; `_ts` is seconds from the injected Clock.
 * - create on an existing id → `conflict` (409); replace/delete of a missing id → `not-found` (404);
 *   `ifMatch` that differs from the stored `_etag` → `precondition-failed` (412). As in Cosmos, an
 *   upsert's `ifMatch` guards only the replace path: upserting a missing id with `ifMatch` creates it.
 * - The partition key value is read at the container's `partitionKeyPath`; it must be a string or a
 *   number, else `bad-request`. Ids must be non-empty, at most 255 characters, without / \ ? #.
 * - Transactional batch: at most 100 operations in one partition; every operation is checked
 *   against the state the earlier ones leave (Create conflict, ifMatch, missing Replace/Delete/Read,
 *   body in another partition → 400) before anything is written, then all writes go to the journal
 *   as ONE line, so a batch is atomic in memory and on reload. Failure → `batch-failed` with
 *   `statusCode` and `operationIndex` of the first failing operation.
 * - Change feed ("latest version" mode): every write stamps a per-container, increasing `_lsn`.
 *   A page lists documents changed after the continuation, in commit order, each once at its newest
 *   position; deletes do not appear. Default page size 100. The continuation (`lsn:<n>`) stays valid
 *   across restarts.
 * - `onChange(container, listener)` pushes a notification after every committed write to that
 *   container (the local change-feed trigger uses it; nothing polls). Listeners run in a microtask
 *   after the commit, never inside it: a listener may read or write the store, and a throwing
 *   listener cannot fail or undo the write (its error goes to `onListenerError`).
 *
 * Query subset (the port's structured Query, same as the Cosmos adapter compiles to SQL):
 * - `where`: AND of conditions on dotted property paths (`customer.id`), operators
 *   `=` `!=` `<` `<=` `>` `>=` `in` `exists` `not-exists`.
 * - Cosmos comparison rules: values of different types never compare, and a missing property makes
 *   every condition false except `not-exists` (so `!=` does not match documents lacking the field).
 *   `<`/`>` work on numbers, strings and booleans; arrays and objects only compare with `=`/`in`.
 * - `orderBy` on one or more fields, ASC/DESC; mixed types sort undefined < null < boolean < number
 *   < string < array < object. `limit` ≥ 0. `partitionKey` scopes to one logical partition.
 *
 * Differences from Cosmos DB:
 * - No SQL text, patch, stored procedures, TTL, indexing policy, RU charges, sessions or
 *   consistency levels; no `_rid`/`_self`/`_attachments` system properties.
 * - Multi-field ORDER BY needs no composite index here (Cosmos needs one declared on the container).
 * - Strings compare by UTF-16 code unit; Cosmos's string order may differ outside ASCII.
 * - Unordered query results come in storage order; Cosmos gives no order either — do not rely on it.
 * - The change feed is totally ordered across partitions; Cosmos orders only within a partition key.
 * - Durability is the journal's: every commit is written before it returns, no fsync per commit.
 * - `findContainer(name)` (infrastructure only) opens a container known from the journal without
 *   its definition; Cosmos has no equivalent on the port.
 */
import { systemClock, type Clock } from '../../shared/clock';
import {
  StoreError,
  type Container,
  type ContainerDefinition,
  type Document,
  type DocumentStore,
} from '../../shared/store/port';
import type { Journal, JournalRecord } from '../persistence/journal';
import { EmbeddedContainer, type StoreCall } from './embedded-container';

export interface EmbeddedStoreOptions {
  /** Holds the documents; the caller owns it (the store never closes it). */
  journal: Journal;
  clock?: Clock;
  /** Where an error thrown by an onChange listener goes. Default: console.error. */
  onListenerError?: (error: unknown, containerName: string) => void;
  /** Told of every call on a container (the runtime's counters). */
  metrics?: StoreMetrics;
}

export interface StoreMetrics {
  storeCalled(container: string, call: StoreCall, operations?: number): void;
}

interface ContainerMeta {
  partitionKeyPath: string;
  /** Change feed position at the last commit that deleted something. */
  lsn: number;
}

export type ChangeListener = () => void;

const metaCollection = 'store:containers';
const docsCollection = (name: string) => `store:docs:${name}`;
const validPath = /^\/[^/]+(\/[^/]+)*$/;

export class EmbeddedDocumentStore implements DocumentStore {
  private readonly journal: Journal;
  private readonly clock: Clock;
  private readonly onListenerError: (error: unknown, containerName: string) => void;
  private readonly metrics?: StoreMetrics;
  private readonly containers = new Map<string, EmbeddedContainer>();
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private closed = false;

  constructor(options: EmbeddedStoreOptions) {
    this.journal = options.journal;
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics;
    this.onListenerError =
      options.onListenerError ??
      ((error, name) => console.error(`[embedded-store] change listener of "${name}" failed`, error));
  }

  async container<T extends Document = Document>(definition: ContainerDefinition): Promise<Container<T>> {
    this.assertOpen();
    const { name, partitionKeyPath } = definition;
    if (typeof name !== 'string' || name === '')
      throw new StoreError('bad-request', 'a container needs a non-empty name');
    if (typeof partitionKeyPath !== 'string' || !validPath.test(partitionKeyPath)) {
      throw new StoreError(
        'bad-request',
        `container "${name}": partitionKeyPath must look like "/field", got "${String(partitionKeyPath)}"`,
      );
    }
    const meta = this.journal.get(metaCollection, name) as ContainerMeta | undefined;
    if (meta && meta.partitionKeyPath !== partitionKeyPath) {
      throw new StoreError(
        'bad-request',
        `container "${name}" already exists with partition key path ${meta.partitionKeyPath}; it cannot be opened with ${partitionKeyPath} (start with --fresh or migrate the data)`,
      );
    }
    // The type parameter only narrows what callers see; documents are stored as plain JSON.
    return this.open(name, partitionKeyPath, meta) as unknown as Container<T>;
  }

  /**
   * The container if it was ever created (in this process or persisted before), without knowing
   * its definition: for infrastructure such as the change-feed trigger. Undefined when it never was.
   */
  findContainer<T extends Document = Document>(name: string): Container<T> | undefined {
    this.assertOpen();
    const meta = this.journal.get(metaCollection, name) as ContainerMeta | undefined;
    if (!meta) return undefined;
    return this.open(name, meta.partitionKeyPath, meta) as unknown as Container<T>;
  }

  private open(name: string, partitionKeyPath: string, meta: ContainerMeta | undefined): EmbeddedContainer {
    let container = this.containers.get(name);
    if (!container) {
      const metaRecord = (lsn: number): JournalRecord => ({
        collection: metaCollection,
        key: name,
        value: { partitionKeyPath, lsn } satisfies ContainerMeta,
      });
      if (!meta) this.journal.commit([metaRecord(0)]);
      container = new EmbeddedContainer(
        { name, partitionKeyPath },
        {
          journal: this.journal,
          clock: this.clock,
          docsCollection: docsCollection(name),
          metaRecord,
          persistedLsn: meta?.lsn ?? 0,
          assertOpen: () => this.assertOpen(),
          changed: () => this.changed(name),
          counted: (call, operations) => this.metrics?.storeCalled(name, call, operations),
        },
      );
      this.containers.set(name, container);
    }
    return container;
  }

  /**
   * Subscribes to commits on one container (it need not be open yet). The listener runs once per
   * committed write or batch, in a microtask after the commit. Returns the unsubscribe function.
   */
  onChange(containerName: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(containerName);
    if (!set) this.listeners.set(containerName, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Stops the store and its listeners. The journal stays open: its owner closes it. */
  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  private changed(name: string): void {
    const set = this.listeners.get(name);
    if (!set || set.size === 0) return;
    const snapshot = [...set];
    queueMicrotask(() => {
      if (this.closed) return;
      for (const listener of snapshot) {
        try {
          listener();
        } catch (error) {
          this.onListenerError(error, name);
        }
      }
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the document store is closed');
  }
}
