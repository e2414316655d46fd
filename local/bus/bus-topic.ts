import type { OutgoingMessage } from '../../shared/bus/port';
import type { Clock } from '../../shared/clock';
import type { Journal, JournalRecord } from '../persistence/journal';
import { DuplicateDetector } from './dedupe';
import type { StoredMessage } from './messages';
import type { SubscriptionPump } from './subscription-pump';
import { SubscriptionQueue } from './subscription-queue';
import { TopicSequence } from './topic-sequence';
import {
  DEFAULT_DUPLICATE_WINDOW_MS,
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_MAX_DELIVERY_COUNT,
  matchesRules,
} from './topology-check';
import type { SubscriptionDefinition, TopicDefinition } from './topology-types';

export interface SubscriptionSlot {
  definition: SubscriptionDefinition;
  lockDurationMs: number;
  queue: SubscriptionQueue;
  /** The attached receiver, if any; messages wait (persisted) while there is none. */
  pump?: SubscriptionPump;
  /** Held by a test (EmbeddedBus.hold): messages stay queued, undelivered, until released. */
  held?: boolean;
}

/** One topic: accepts sends (dedupe, sequence, filters) and holds its subscriptions' queues. */
export class BusTopic {
  readonly subscriptions = new Map<string, SubscriptionSlot>();
  readonly sequence: TopicSequence;
  private readonly dedupe: DuplicateDetector;

  constructor(
    readonly definition: TopicDefinition,
    private readonly journal: Journal,
    private readonly clock: Clock,
  ) {
    this.sequence = new TopicSequence(journal, definition.name);
    this.dedupe = new DuplicateDetector(
      journal,
      definition.name,
      definition.duplicateDetectionWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    );
    for (const sub of definition.subscriptions) {
      const slot: SubscriptionSlot = {
        definition: sub,
        lockDurationMs: sub.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
        queue: new SubscriptionQueue({
          journal,
          clock,
          topic: definition.name,
          subscription: sub.name,
          maxDeliveryCount: sub.maxDeliveryCount ?? DEFAULT_MAX_DELIVERY_COUNT,
          onAvailable: () => slot.pump?.wake(),
        }),
      };
      this.subscriptions.set(sub.name, slot);
    }
  }

  /** Everything a send changes goes in one journal commit: it is published whole or not at all. */
  send(messages: OutgoingMessage[]): void {
    messages.forEach((m) => this.check(m));
    const now = this.clock.now();
    const accepted = this.dropDuplicates(messages, now);
    if (accepted.length === 0) return;
    const ids = this.dedupe.enabled ? accepted.map((m) => m.messageId) : [];
    const { first, record } = this.sequence.reserve(accepted.length);
    const enqueuedTimeUtc = new Date(now).toISOString();
    const records: JournalRecord[] = [record, ...this.dedupe.plan(ids, now)];
    const copies: Array<[SubscriptionSlot, StoredMessage]> = [];
    accepted.forEach((message, i) => {
      const stored = toStored(message, first + i, enqueuedTimeUtc);
      for (const slot of this.subscriptions.values()) {
        if (!matchesRules(slot.definition.rules, message)) continue;
        records.push(slot.queue.record(stored));
        copies.push([slot, stored]);
      }
    });
    this.journal.commit(records);
    this.sequence.advance(accepted.length);
    this.dedupe.apply(ids, now);
    const touched = new Set<SubscriptionSlot>();
    for (const [slot, stored] of copies) {
      slot.queue.add(stored);
      touched.add(slot);
    }
    for (const slot of touched) slot.pump?.wake();
  }

  private dropDuplicates(messages: OutgoingMessage[], now: number): OutgoingMessage[] {
    if (!this.dedupe.enabled) return messages;
    const inThisSend = new Set<string>();
    return messages.filter((m) => {
      if (this.dedupe.isDuplicate(m.messageId, now) || inThisSend.has(m.messageId)) return false;
      inThisSend.add(m.messageId);
      return true;
    });
  }

  private check(message: OutgoingMessage): void {
    const topic = this.definition.name;
    if (typeof message?.messageId !== 'string' || message.messageId === '') {
      throw new Error(`message without a messageId sent to topic '${topic}'`);
    }
    for (const [key, value] of Object.entries(message.applicationProperties ?? {})) {
      const ok =
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value));
      if (!ok)
        throw new Error(
          `message '${message.messageId}' to topic '${topic}': application property '${key}' must be a string, finite number or boolean`,
        );
    }
  }
}

function toStored(message: OutgoingMessage, sequenceNumber: number, enqueuedTimeUtc: string): StoredMessage {
  // JSON is what crosses the wire; undefined (no body) travels as null.
  const bodyJson = JSON.stringify(message.body) ?? 'null';
  const stored: StoredMessage = {
    messageId: message.messageId,
    bodyJson,
    applicationProperties: { ...message.applicationProperties },
    deliveryCount: 0,
    enqueuedTimeUtc,
    sequenceNumber,
  };
  if (message.subject !== undefined) stored.subject = message.subject;
  if (message.correlationId !== undefined) stored.correlationId = message.correlationId;
  if (message.contentType !== undefined) stored.contentType = message.contentType;
  return stored;
}
