import { app, type InvocationContext } from '@azure/functions';
import type { MessagePublisher } from '../bus/port';
import { topicOf, type BakeryEvent } from '../events/catalog';
import { toMessage } from '../events/envelope';
import { realClock, toIso, type Clock } from '../clock';
import type { BatchOperation, Container, Document, DocumentStore, PartitionKey, Stored } from '../store/port';
import { isStoreError } from '../store/port';
import { changeFeedOf } from './change-feed';

/**
 * Transactional outbox (design section 7, "no dual writes"). A service writes its state change and
 * the events it causes in ONE partition-scoped transactional batch; a change-feed-triggered relay
 * publishes each outbox document to Service Bus (message id = event id, so a republish after a
 * crash is dropped by duplicate detection) and then deletes it. A document that cannot be published
 * after maxPublishAttempts is parked, not lost, and no longer holds up the documents behind it.
 */
export interface OutboxDocument extends Document {
  kind: 'outbox';
  topic: string;
  event: BakeryEvent;
  /** Failed publish attempts so far (absent: none). */
  attempts?: number;
  lastError?: string;
  lastAttemptAt?: string;
  /**
   * Set when the relay gave up after maxPublishAttempts: the document is kept (nothing is lost),
   * skipped by the relay, listed by the admin view and put back by `retryParkedOutbox`.
   */
  parkedAt?: string;
}

const isOutboxDocument = (doc: Document): doc is OutboxDocument => doc.kind === 'outbox';

/** The batch operation that puts `event` in the outbox, in the partition of the state it goes with. */
export function outboxOperation(
  event: BakeryEvent,
  partitionKeyField: string,
  partitionKey: PartitionKey,
): BatchOperation {
  const doc: OutboxDocument = {
    id: `outbox:${event.id}`,
    kind: 'outbox',
    topic: topicOf(event.type),
    event,
    [partitionKeyField]: partitionKey,
  };
  return { operationType: 'Create', resourceBody: doc };
}

export interface OutboxRelayOptions {
  service: string;
  containerName: string;
  partitionKeyPath: string;
  databaseName: string;
  store: DocumentStore;
  publisher: MessagePublisher;
  /**
   * Publish attempts before a document is parked. Default: the `OUTBOX_MAX_PUBLISH_ATTEMPTS` setting,
   * else {@link DEFAULT_MAX_PUBLISH_ATTEMPTS}.
   */
  maxPublishAttempts?: number;
  /** Stamps `lastAttemptAt` / `parkedAt`: operational time, so the real clock by default. */
  clock?: Clock;
}

/** Ten attempts paced by the relay's exponential backoff (1 s doubling, capped at 1 min): ~5 minutes. */
export const DEFAULT_MAX_PUBLISH_ATTEMPTS = 10;

/** How a relay's function name ends: `<service>-outbox-relay`. */
export const OUTBOX_RELAY_SUFFIX = '-outbox-relay';

/** Registers `<service>-outbox-relay`, a Cosmos DB change-feed function over the service's container. */
export function registerOutboxRelay(options: OutboxRelayOptions): void {
  const relay = createOutboxRelay(options);
  // A failing publish is retried with the feed's backoff (the batch comes again) until the document
  // is parked after maxPublishAttempts; then the relay moves on to the documents behind it.
  app.cosmosDB(`${options.service}${OUTBOX_RELAY_SUFFIX}`, {
    ...changeFeedOf({
      databaseName: options.databaseName,
      containerName: options.containerName,
      leasePrefix: `${options.service}-`,
    }),
    handler: relay,
  });
}

function maxAttemptsFrom(options: Pick<OutboxRelayOptions, 'maxPublishAttempts'>): number {
  const configured = options.maxPublishAttempts ?? Number(process.env.OUTBOX_MAX_PUBLISH_ATTEMPTS ?? NaN);
  if (Number.isNaN(configured)) return DEFAULT_MAX_PUBLISH_ATTEMPTS;
  if (!Number.isInteger(configured) || configured < 1)
    throw new Error(`maxPublishAttempts must be an integer >= 1, got ${configured}`);
  return configured;
}

/**
 * The relay's handler. Each outbox document is read afresh (the batch may be a retry, older than the
 * store): gone means published, parked means waiting for an operator. A failed publish is counted
 * on the document (`attempts`, `lastError`, `lastAttemptAt`) and rethrown, so the feed retries the
 * batch with its backoff; the attempt that reaches `maxPublishAttempts` parks the document instead
 * (kept, logged as an error) and the relay goes on with the documents behind it.
 */
export function createOutboxRelay(
  options: Pick<
    OutboxRelayOptions,
    'store' | 'publisher' | 'containerName' | 'partitionKeyPath' | 'maxPublishAttempts' | 'clock'
  >,
) {
  const field = options.partitionKeyPath.slice(1);
  const maxAttempts = maxAttemptsFrom(options);
  const clock = options.clock ?? realClock;
  return async (documents: unknown[], context: InvocationContext): Promise<void> => {
    const outbox = (documents as Document[]).filter(isOutboxDocument);
    if (outbox.length === 0) return;
    const container = await options.store.container<OutboxDocument>({
      name: options.containerName,
      partitionKeyPath: options.partitionKeyPath,
    });
    for (const seen of outbox) {
      const partitionKey = seen[field] as PartitionKey;
      const doc = await container.read(seen.id, partitionKey);
      if (!doc || doc.parkedAt !== undefined) continue;
      try {
        await options.publisher.send(doc.topic, toMessage(doc.event));
      } catch (error) {
        const attempts = (doc.attempts ?? 0) + 1;
        const failed: OutboxDocument = {
          ...withoutSystemProperties(doc),
          attempts,
          lastError: errorText(error),
          lastAttemptAt: toIso(clock.now()),
        };
        const park = attempts >= maxAttempts;
        if (park) failed.parkedAt = failed.lastAttemptAt;
        try {
          await container.replace(failed, { ifMatch: doc._etag });
        } catch (replaceError) {
          // Changed meanwhile (an operator's retry): its newer version comes through the feed.
          if (!isStoreError(replaceError, 'precondition-failed') && !isStoreError(replaceError, 'not-found'))
            throw replaceError;
        }
        if (!park) throw error;
        context.error(
          `outbox: parked ${doc.event.type} ${doc.event.id} (${options.containerName}/${doc.id}) after ${attempts} publish attempts: ${failed.lastError}`,
        );
        continue;
      }
      try {
        await container.delete(doc.id, partitionKey);
      } catch (error) {
        if (!isStoreError(error, 'not-found')) throw error;
      }
    }
  };
}

/** What an operator sees of a parked outbox document. */
export interface ParkedOutboxEntry {
  container: string;
  id: string;
  partitionKey: PartitionKey;
  topic: string;
  eventId: string;
  eventType: string;
  attempts: number;
  lastError: string;
  lastAttemptAt: string;
  parkedAt: string;
}

/** The parked outbox documents of one container, oldest parked first. */
export async function listParkedOutbox(container: Container): Promise<ParkedOutboxEntry[]> {
  const field = container.definition.partitionKeyPath.slice(1);
  const docs = await container.query<OutboxDocument>({
    where: [
      { field: 'kind', op: '=', value: 'outbox' },
      { field: 'parkedAt', op: 'exists' },
    ],
    orderBy: [{ field: 'parkedAt' }],
  });
  return docs.map((doc) => ({
    container: container.definition.name,
    id: doc.id,
    partitionKey: doc[field] as PartitionKey,
    topic: doc.topic,
    eventId: doc.event.id,
    eventType: doc.event.type,
    attempts: doc.attempts ?? 0,
    lastError: doc.lastError ?? '',
    lastAttemptAt: doc.lastAttemptAt ?? '',
    parkedAt: doc.parkedAt ?? '',
  }));
}

/**
 * Puts parked documents (all, or those of these event ids) back in the relay's way: the attempt
 * count starts again and the write brings the document through the change feed. The last error
 * stays for the record until a publish succeeds (and deletes the document). Returns how many.
 */
export async function retryParkedOutbox(container: Container, eventIds?: readonly string[]): Promise<number> {
  const wanted = eventIds && new Set(eventIds);
  let retried = 0;
  for (const entry of await listParkedOutbox(container)) {
    if (wanted && !wanted.has(entry.eventId)) continue;
    const doc = (await container.read(entry.id, entry.partitionKey)) as Stored<OutboxDocument> | undefined;
    if (!doc || doc.parkedAt === undefined) continue;
    const revived: OutboxDocument = { ...withoutSystemProperties(doc), attempts: 0 };
    delete revived.parkedAt;
    try {
      await container.replace(revived, { ifMatch: doc._etag });
      retried++;
    } catch (error) {
      if (!isStoreError(error, 'precondition-failed') && !isStoreError(error, 'not-found')) throw error;
    }
  }
  return retried;
}

function withoutSystemProperties(doc: Stored<OutboxDocument>): OutboxDocument {
  const { _etag: _e, _ts: _t, ...rest } = doc;
  return rest;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
