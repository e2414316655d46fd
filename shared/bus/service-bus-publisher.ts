import { DefaultAzureCredential } from '@azure/identity';
import {
  ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusMessageBatch,
  type TokenCredential,
} from '@azure/service-bus';
import type { ServiceBusConnection } from '../config/settings';
import type { MessagePublisher, OutgoingMessage } from './port';
import { assertNever } from '../assert-never';

/** The slice of the SDK we use, so tests can pass a fake client at the SDK boundary. */
export interface BusBatch {
  readonly count: number;
  readonly maxSizeInBytes: number;
  tryAddMessage(message: ServiceBusMessage): boolean;
}

export interface BusSender<B extends BusBatch> {
  createMessageBatch(): Promise<B>;
  sendMessages(batch: B): Promise<void>;
  close(): Promise<void>;
}

export interface BusClient<B extends BusBatch> {
  createSender(topic: string): BusSender<B>;
  close(): Promise<void>;
}

/** A message that can never fit a batch: retrying will not help, so callers can park it. */
export class MessageTooLargeError extends Error {
  constructor(
    readonly messageId: string,
    topic: string,
    maxSizeInBytes: number,
  ) {
    super(
      `Message ${messageId} is too big for Service Bus topic "${topic}" (a batch holds at most ${maxSizeInBytes} bytes)`,
    );
    this.name = 'MessageTooLargeError';
  }
}

/**
 * Publishes to Service Bus topics: one cached sender per topic; an array of messages goes out in
 * as few batches as fit. Batches are sent one after another, so a failure can leave earlier
 * batches sent: the caller retries the whole send and duplicate detection (message id) drops the repeats.
 */
export class ServiceBusPublisher<B extends BusBatch = ServiceBusMessageBatch> implements MessagePublisher {
  private readonly senders = new Map<string, BusSender<B>>();
  private closed = false;

  constructor(private readonly client: BusClient<B>) {}

  async send(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('ServiceBusPublisher is closed');
    const list = (Array.isArray(messages) ? messages : [messages]).map(toServiceBusMessage);
    if (list.length === 0) return;
    const sender = this.senderFor(topic);
    // Pack everything first so a message that can never fit fails the send before anything goes out.
    const batches = await pack(sender, list, topic);
    for (const batch of batches) await sender.sendMessages(batch);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const senders = [...this.senders.values()];
    this.senders.clear();
    // A sender that fails to close must not keep the connection open: the client close ends it anyway.
    await Promise.allSettled(senders.map((sender) => sender.close()));
    await this.client.close();
  }

  private senderFor(topic: string): BusSender<B> {
    let sender = this.senders.get(topic);
    if (!sender) {
      sender = this.client.createSender(topic);
      this.senders.set(topic, sender);
    }
    return sender;
  }
}

/** Identity (managed identity / developer sign-in) by default; a connection string for emulators. */
export function createServiceBusPublisher(
  connection: ServiceBusConnection,
  credential?: TokenCredential,
): ServiceBusPublisher {
  switch (connection.kind) {
    case 'identity':
      return new ServiceBusPublisher<ServiceBusMessageBatch>(
        new ServiceBusClient(connection.fullyQualifiedNamespace, credential ?? new DefaultAzureCredential()),
      );
    case 'connection-string':
      return new ServiceBusPublisher<ServiceBusMessageBatch>(
        new ServiceBusClient(connection.connectionString),
      );
    default:
      return assertNever(connection, 'unknown Service Bus connection');
  }
}

function toServiceBusMessage(message: OutgoingMessage): ServiceBusMessage {
  const mapped: ServiceBusMessage = { messageId: message.messageId, body: message.body };
  if (message.subject !== undefined) mapped.subject = message.subject;
  if (message.correlationId !== undefined) mapped.correlationId = message.correlationId;
  if (message.contentType !== undefined) mapped.contentType = message.contentType;
  if (message.applicationProperties !== undefined)
    mapped.applicationProperties = { ...message.applicationProperties };
  return mapped;
}

async function pack<B extends BusBatch>(
  sender: BusSender<B>,
  messages: ServiceBusMessage[],
  topic: string,
): Promise<B[]> {
  const batches: B[] = [];
  let batch = await sender.createMessageBatch();
  for (const message of messages) {
    if (batch.tryAddMessage(message)) continue;
    if (batch.count === 0)
      throw new MessageTooLargeError(String(message.messageId), topic, batch.maxSizeInBytes);
    batches.push(batch);
    batch = await sender.createMessageBatch();
    if (!batch.tryAddMessage(message))
      throw new MessageTooLargeError(String(message.messageId), topic, batch.maxSizeInBytes);
  }
  batches.push(batch);
  return batches;
}
