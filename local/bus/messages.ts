/** What a subscription's handler sees: the message plus its delivery state, like Azure's received message. */
export interface ReceivedMessage {
  messageId: string;
  body: unknown;
  subject?: string;
  correlationId?: string;
  contentType?: string;
  applicationProperties: Record<string, string | number | boolean>;
  /** 1 on the first delivery; counts deliveries whose handler crashed the process too. */
  deliveryCount: number;
  enqueuedTimeUtc: string;
  /** Per topic, increasing; shared by every subscription's copy of one message. */
  sequenceNumber: number;
  /** Unique per delivery. */
  lockToken: string;
}

export interface DeadLetteredMessage extends Omit<ReceivedMessage, 'lockToken'> {
  deadLetterReason: string;
  deadLetterErrorDescription: string;
  deadLetteredAt: string;
}

/**
 * One subscription's copy as persisted. The body is kept as JSON text: it is serialized once at
 * send (so a later change to the sender's object, or a Date, cannot leak in, and a handler sees the
 * same thing before and after a restart) and parsed afresh for each delivery (a handler that mutates
 * its message cannot change a redelivery). Records are immutable; an update writes a new object.
 */
export interface StoredMessage {
  messageId: string;
  bodyJson: string;
  subject?: string;
  correlationId?: string;
  contentType?: string;
  applicationProperties: Record<string, string | number | boolean>;
  deliveryCount: number;
  enqueuedTimeUtc: string;
  sequenceNumber: number;
}

export interface StoredDeadLetter {
  message: StoredMessage;
  reason: string;
  description: string;
  deadLetteredAt: string;
}

export function toReceived(stored: StoredMessage, lockToken: string): ReceivedMessage {
  const { bodyJson, applicationProperties, ...rest } = stored;
  return {
    ...rest,
    body: JSON.parse(bodyJson),
    applicationProperties: { ...applicationProperties },
    lockToken,
  };
}

export function toDeadLettered(stored: StoredDeadLetter): DeadLetteredMessage {
  const { bodyJson, applicationProperties, ...rest } = stored.message;
  return {
    ...rest,
    body: JSON.parse(bodyJson),
    applicationProperties: { ...applicationProperties },
    deadLetterReason: stored.reason,
    deadLetterErrorDescription: stored.description,
    deadLetteredAt: stored.deadLetteredAt,
  };
}

/** Journal collection names; Azure forbids ':' in topic names and '/' in subscription names, so these never collide. */
export const collections = {
  active: (topic: string, subscription: string) => `bus:${topic}/${subscription}:active`,
  deadLetters: (topic: string, subscription: string) => `bus:${topic}/${subscription}:dlq`,
  dedupe: (topic: string) => `bus:${topic}:dedupe`,
  sequence: (topic: string) => `bus:${topic}:seq`,
};
