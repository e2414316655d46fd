import type { OutgoingMessage } from '../../shared/bus/port';
import type { Clock } from '../../shared/clock';
import type { Journal } from '../persistence/journal';
import { BusTopic, type SubscriptionSlot } from './bus-topic';
import type { DeadLetteredMessage } from './messages';
import { SubscriptionPump, type MessageHandler } from './subscription-pump';
import { checkTopology } from './topology-check';
import type { Topology } from './topology-types';

export type { DeadLetteredMessage, ReceivedMessage } from './messages';
export type { MessageHandler } from './subscription-pump';
export { MAX_DELIVERY_COUNT_EXCEEDED } from './subscription-queue';

export interface EmbeddedBusOptions {
  journal: Journal;
  clock: Clock;
  topology: Topology;
  /** Failures with no caller to throw to (a journal write after a delivery). Default: console.error. */
  onError?: (error: unknown) => void;
  /** Told of every message sent and every delivery to a handler (the runtime's counters). */
  metrics?: BusMetrics;
}

export interface BusMetrics {
  messagesSent(topic: string, count: number): void;
  messageDelivered(topic: string): void;
}

export interface SubscribeOptions {
  /** Calls of the handler running at once. Default 16, like the Functions host. */
  maxConcurrentCalls?: number;
}

export interface CloseOptions {
  /** How long to wait for running handlers to settle. Default 30 s. */
  timeoutMs?: number;
}

export interface BusSubscription {
  /** Stops delivering; resolves when this receiver's running handlers have settled (or timed out). */
  close(options?: CloseOptions): Promise<void>;
}

export interface SubscriptionStats {
  topic: string;
  subscription: string;
  /** Waiting for delivery (not locked). */
  active: number;
  /** Locked by a running delivery. */
  inFlight: number;
  deadLettered: number;
  /** Held (EmbeddedBus.hold): queued messages wait, undelivered, until released. */
  held: boolean;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

/**
 * The local runtime's Service Bus: topics with filtered subscriptions, peek-lock delivery with
 * retries up to maxDeliveryCount then dead-lettering, duplicate detection by message id. Every
 * state change is committed to the journal before it takes effect, so a restart loses nothing that
 * was accepted and redelivers everything that was not completed.
 */
export class EmbeddedBus {
  private readonly topics = new Map<string, BusTopic>();
  private readonly onError: (error: unknown) => void;
  private readonly metrics?: BusMetrics;
  private closed = false;

  constructor(options: EmbeddedBusOptions) {
    checkTopology(options.topology);
    this.onError = options.onError ?? ((error) => console.error('[bus]', error));
    this.metrics = options.metrics;
    for (const definition of options.topology.topics) {
      this.topics.set(definition.name, new BusTopic(definition, options.journal, options.clock));
    }
  }

  /** Resolves once every message is persisted (or recognised as a duplicate). */
  async send(topic: string, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const list = Array.isArray(messages) ? messages : [messages];
    this.topic(topic).send(list);
    this.metrics?.messagesSent(topic, list.length);
  }

  subscribe(
    topic: string,
    subscription: string,
    handler: MessageHandler,
    options: SubscribeOptions = {},
  ): BusSubscription {
    this.assertOpen();
    const slot = this.slot(topic, subscription);
    if (slot.pump) throw new Error(`subscription '${topic}/${subscription}' already has a handler`);
    const maxConcurrentCalls = options.maxConcurrentCalls ?? 16;
    if (!Number.isInteger(maxConcurrentCalls) || maxConcurrentCalls < 1) {
      throw new Error(`maxConcurrentCalls must be an integer >= 1, got ${maxConcurrentCalls}`);
    }
    const metrics = this.metrics;
    const pump = new SubscriptionPump({
      queue: slot.queue,
      handler: metrics
        ? (message) => {
            metrics.messageDelivered(topic);
            return handler(message);
          }
        : handler,
      maxConcurrentCalls,
      lockDurationMs: slot.lockDurationMs,
      onError: this.onError,
      isHeld: () => slot.held === true,
    });
    slot.pump = pump;
    pump.wake();
    return {
      close: async (closeOptions = {}) => {
        if (slot.pump === pump) slot.pump = undefined;
        await pump.stop(closeOptions.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      },
    };
  }

  /**
   * Test fault tool: stops handing this subscription's messages to its receiver (calls already
   * running finish). Messages keep arriving and wait, persisted, as they would behind a stalled
   * consumer; nothing is lost or dead-lettered. Works before a receiver is attached too.
   */
  hold(topic: string, subscription: string): void {
    this.slot(topic, subscription).held = true;
  }

  /** Ends a hold: the waiting messages go out in order, as if the consumer had come back. */
  release(topic: string, subscription: string): void {
    const slot = this.slot(topic, subscription);
    slot.held = false;
    slot.pump?.wake();
  }

  deadLetters(topic: string, subscription: string): DeadLetteredMessage[] {
    return this.slot(topic, subscription).queue.deadLetters();
  }

  /** Moves dead letters (all, or those with these message ids) back to the subscription. */
  resubmit(topic: string, subscription: string, messageIds?: string[]): number {
    return this.slot(topic, subscription).queue.resubmit(this.topic(topic).sequence, messageIds);
  }

  purgeDeadLetters(topic: string, subscription: string, messageIds?: string[]): number {
    return this.slot(topic, subscription).queue.purgeDeadLetters(messageIds);
  }

  stats(): SubscriptionStats[] {
    return [...this.topics.values()].flatMap((topic) =>
      [...topic.subscriptions.values()].map((slot) => ({
        topic: topic.definition.name,
        subscription: slot.definition.name,
        ...slot.queue.counts,
        held: slot.held === true,
      })),
    );
  }

  /** Stops all delivery and waits for running handlers; what they do not complete stays persisted. */
  async close(options: CloseOptions = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pumps: SubscriptionPump[] = [];
    for (const topic of this.topics.values()) {
      for (const slot of topic.subscriptions.values()) {
        if (slot.pump) pumps.push(slot.pump);
        slot.pump = undefined;
      }
    }
    await Promise.all(pumps.map((pump) => pump.stop(options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS)));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the bus is closed');
  }

  private topic(name: string): BusTopic {
    const topic = this.topics.get(name);
    if (!topic) throw new Error(`unknown topic '${name}'`);
    return topic;
  }

  private slot(topic: string, subscription: string): SubscriptionSlot {
    const slot = this.topic(topic).subscriptions.get(subscription);
    if (!slot) throw new Error(`unknown subscription '${subscription}' on topic '${topic}'`);
    return slot;
  }
}
