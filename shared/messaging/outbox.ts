import { app, type InvocationContext } from '@azure/functions';
import type { MessagePublisher } from '../bus/port';
import { topicOf, type BakeryEvent } from '../events/catalog';
import { toMessage } from '../events/envelope';
import type { BatchOperation, Document, DocumentStore, PartitionKey } from '../store/port';
import { isStoreError } from '../store/port';
import { changeFeedOf } from './change-feed';

/**
 * Transactional outbox (design section 7, "no dual writes"). A service writes its state change and
 * the events it causes in ONE partition-scoped transactional batch; a change-feed-triggered relay
 * publishes each outbox document to Service Bus (message id = event id, so a republish after a
 * crash is dropped by duplicate detection) and then deletes it.
 */
export interface OutboxDocument extends Document {
  kind: 'outbox';
  topic: string;
  event: BakeryEvent;
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
}

/** Registers `<service>-outbox-relay`, a Cosmos DB change-feed function over the service's container. */
export function registerOutboxRelay(options: OutboxRelayOptions): void {
  const relay = createOutboxRelay(options);
  // Publishing must not skip a batch: the feed retries until Service Bus takes it.
  app.cosmosDB(`${options.service}-outbox-relay`, {
    ...changeFeedOf({
      databaseName: options.databaseName,
      containerName: options.containerName,
      leasePrefix: `${options.service}-`,
    }),
    handler: relay,
  });
}

function createOutboxRelay(
  options: Pick<OutboxRelayOptions, 'store' | 'publisher' | 'containerName' | 'partitionKeyPath'>,
) {
  const field = options.partitionKeyPath.slice(1);
  return async (documents: unknown[], _context: InvocationContext): Promise<void> => {
    const outbox = (documents as Document[]).filter(isOutboxDocument);
    if (outbox.length === 0) return;
    const container = await options.store.container({
      name: options.containerName,
      partitionKeyPath: options.partitionKeyPath,
    });
    for (const doc of outbox) {
      await options.publisher.send(doc.topic, toMessage(doc.event));
      try {
        await container.delete(doc.id, doc[field] as PartitionKey);
      } catch (error) {
        if (!isStoreError(error, 'not-found')) throw error;
      }
    }
  };
}
