/**
 * The event publisher port. Adapters: Service Bus (shared/bus/service-bus-publisher.ts) and the
 * local runtime's in-process bus (local/bus/embedded-publisher.ts).
 *
 * A message maps onto Service Bus exactly as the design says: body = CloudEvents envelope,
 * `messageId` = event id (so duplicate detection catches retries), `subject` = event type,
 * `correlationId` = the envelope's `correlationid`.
 */
export interface OutgoingMessage {
  messageId: string;
  body: unknown;
  subject?: string;
  correlationId?: string;
  contentType?: string;
  applicationProperties?: Record<string, string | number | boolean>;
}

export interface MessagePublisher {
  /** Sends to a topic. Resolves once the broker has accepted (persisted) the messages. */
  send(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}
