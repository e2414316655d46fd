import type { Clock } from '../../shared/clock';
import type { Journal, JournalRecord } from '../persistence/journal';
import { Fifo } from './fifo';
import {
  collections,
  toDeadLettered,
  type DeadLetteredMessage,
  type StoredDeadLetter,
  type StoredMessage,
} from './messages';
import type { TopicSequence } from './topic-sequence';

export const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';

export interface SubscriptionQueueOptions {
  journal: Journal;
  clock: Clock;
  topic: string;
  subscription: string;
  maxDeliveryCount: number;
  /** Called when a message becomes deliverable (new, abandoned, lock expired, resubmitted). */
  onAvailable: () => void;
}

/**
 * One subscription's messages: the persisted truth in the journal plus in-memory indexes so that
 * delivery never scans the journal. Available messages go out in sequence order; a released one
 * goes back before every later message, so a one-at-a-time consumer sees strict order across retries.
 */
export class SubscriptionQueue {
  readonly activeCollection: string;
  private readonly deadLetterCollection: string;
  private readonly fresh = new Fifo<StoredMessage>();
  /** Released messages, sorted by sequence number; all older than anything in `fresh`. */
  private readonly released: StoredMessage[] = [];
  private lockedCount = 0;

  constructor(private readonly options: SubscriptionQueueOptions) {
    this.activeCollection = collections.active(options.topic, options.subscription);
    this.deadLetterCollection = collections.deadLetters(options.topic, options.subscription);
    // Everything not completed is available again after a restart, in flight or not.
    const stored = [...options.journal.collection(this.activeCollection).values()] as StoredMessage[];
    stored.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
    for (const message of stored) this.fresh.push(message);
  }

  get counts(): { active: number; inFlight: number; deadLettered: number } {
    const deadLettered = this.options.journal.collection(this.deadLetterCollection).size;
    return { active: this.fresh.length + this.released.length, inFlight: this.lockedCount, deadLettered };
  }

  hasAvailable(): boolean {
    return this.released.length > 0 || this.fresh.length > 0;
  }

  record(message: StoredMessage): JournalRecord {
    return { collection: this.activeCollection, key: String(message.sequenceNumber), value: message };
  }

  /** After the send's commit. The caller notifies once per send, not per message. */
  add(message: StoredMessage): void {
    this.fresh.push(message);
  }

  /**
   * Locks up to `limit` messages for delivery, persisting each one's new delivery count first (a
   * delivery that crashes the process still counts). A message already at the limit (its last
   * delivery crashed or lost its lock) is dead-lettered instead, as Azure does.
   */
  take(limit: number): StoredMessage[] {
    const picked: StoredMessage[] = [];
    const taken: StoredMessage[] = [];
    const exhausted: StoredMessage[] = [];
    while (taken.length < limit) {
      const next = this.released.shift() ?? this.fresh.shift();
      if (!next) break;
      picked.push(next);
      if (next.deliveryCount >= this.options.maxDeliveryCount) exhausted.push(next);
      else taken.push({ ...next, deliveryCount: next.deliveryCount + 1 });
    }
    const description = (m: StoredMessage) =>
      `Message could not be consumed after ${m.deliveryCount} delivery attempts.`;
    const records = [
      ...taken.map((m) => this.record(m)),
      ...exhausted.flatMap((m) => this.deadLetterRecords(m, MAX_DELIVERY_COUNT_EXCEEDED, description(m))),
    ];
    try {
      this.options.journal.commit(records);
    } catch (error) {
      for (const m of picked) this.putBack(m);
      throw error;
    }
    this.lockedCount += taken.length;
    return taken;
  }

  complete(message: StoredMessage): void {
    this.lockedCount--;
    this.options.journal.commit([{ collection: this.activeCollection, key: String(message.sequenceNumber) }]);
  }

  /** The handler failed: dead-letter at the limit, otherwise make it available again at once. */
  abandon(message: StoredMessage, error: unknown): void {
    if (message.deliveryCount < this.options.maxDeliveryCount) return this.release(message);
    this.lockedCount--;
    const description = error instanceof Error ? error.message : String(error);
    this.options.journal.commit(this.deadLetterRecords(message, MAX_DELIVERY_COUNT_EXCEEDED, description));
  }

  /** Unlocks without settling (lock expired): its persisted delivery count already counts. */
  release(message: StoredMessage): void {
    this.lockedCount--;
    this.putBack(message);
    this.options.onAvailable();
  }

  deadLetters(): DeadLetteredMessage[] {
    const stored = this.options.journal.collection(this.deadLetterCollection).values();
    return [...stored].map((s) => toDeadLettered(s as StoredDeadLetter));
  }

  /** Moves dead letters back as new messages (new sequence number, delivery count 0). */
  resubmit(sequence: TopicSequence, messageIds?: string[]): number {
    const chosen = this.chooseDeadLetters(messageIds);
    if (chosen.length === 0) return 0;
    const { first, record } = sequence.reserve(chosen.length);
    const enqueuedTimeUtc = new Date(this.options.clock.now()).toISOString();
    const revived = chosen.map(([, d], i): StoredMessage => ({
      ...d.message,
      deliveryCount: 0,
      sequenceNumber: first + i,
      enqueuedTimeUtc,
    }));
    this.options.journal.commit([
      record,
      ...chosen.map(([key]) => ({ collection: this.deadLetterCollection, key })),
      ...revived.map((m) => this.record(m)),
    ]);
    sequence.advance(chosen.length);
    for (const m of revived) this.fresh.push(m);
    this.options.onAvailable();
    return revived.length;
  }

  purgeDeadLetters(messageIds?: string[]): number {
    const chosen = this.chooseDeadLetters(messageIds);
    this.options.journal.commit(chosen.map(([key]) => ({ collection: this.deadLetterCollection, key })));
    return chosen.length;
  }

  private chooseDeadLetters(messageIds?: string[]): Array<[string, StoredDeadLetter]> {
    const wanted = messageIds && new Set(messageIds);
    const all = [...this.options.journal.collection(this.deadLetterCollection)] as Array<
      [string, StoredDeadLetter]
    >;
    return wanted ? all.filter(([, d]) => wanted.has(d.message.messageId)) : all;
  }

  private deadLetterRecords(message: StoredMessage, reason: string, description: string): JournalRecord[] {
    const key = String(message.sequenceNumber);
    const deadLetteredAt = new Date(this.options.clock.now()).toISOString();
    const letter: StoredDeadLetter = { message, reason, description, deadLetteredAt };
    return [
      { collection: this.activeCollection, key },
      { collection: this.deadLetterCollection, key, value: letter },
    ];
  }

  private putBack(message: StoredMessage): void {
    let i = this.released.length;
    while (i > 0 && this.released[i - 1].sequenceNumber > message.sequenceNumber) i--;
    this.released.splice(i, 0, message);
  }
}
