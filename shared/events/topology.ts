import type { Catalog } from './catalog';

/**
 * The Service Bus topology, derived from the catalog. The same shape drives the Bicep
 * (infra/generated/servicebus-topology.json) and the local runtime's in-process bus.
 */
export interface Topology {
  topics: TopicDefinition[];
}

export interface TopicDefinition {
  name: string;
  duplicateDetectionWindowMs?: number;
  subscriptions: SubscriptionDefinition[];
}

export interface SubscriptionDefinition {
  name: string;
  maxDeliveryCount?: number;
  lockDurationMs?: number;
  /** Absent = match every message. Several rules = a message matching any of them (OR). */
  rules?: RuleDefinition[];
}

export interface RuleDefinition {
  name: string;
  filter: CorrelationFilter;
}

/** All present fields must equal the message's (AND), like a Service Bus correlation filter. */
export interface CorrelationFilter {
  subject?: string;
  correlationId?: string;
  messageId?: string;
  contentType?: string;
  applicationProperties?: Record<string, string | number | boolean>;
}

/** Service Bus duplicate detection window: long enough to cover an outbox relay's retries. */
export const DUPLICATE_DETECTION_WINDOW_MS = 10 * 60_000;
export const MAX_DELIVERY_COUNT = 10;
export const LOCK_DURATION_MS = 60_000;

/**
 * One topic per publisher; on it, one subscription per consuming service, named after the consumer,
 * with one correlation-filter rule per event type it reads (rule name = event type). Sorted, so the
 * generated files are stable.
 */
export function deriveTopology(catalog: Catalog): Topology {
  const topics = new Map<string, Map<string, string[]>>();
  for (const [type, definition] of Object.entries(catalog)) {
    const subscriptions = topics.get(definition.topic) ?? new Map<string, string[]>();
    topics.set(definition.topic, subscriptions);
    for (const consumer of definition.consumers) {
      subscriptions.set(consumer, [...(subscriptions.get(consumer) ?? []), type]);
    }
  }
  return {
    topics: sortedEntries(topics).map(([name, subscriptions]) => ({
      name,
      duplicateDetectionWindowMs: DUPLICATE_DETECTION_WINDOW_MS,
      subscriptions: sortedEntries(subscriptions).map(([consumer, types]) => ({
        name: consumer,
        maxDeliveryCount: MAX_DELIVERY_COUNT,
        lockDurationMs: LOCK_DURATION_MS,
        rules: [...types].sort().map((type) => ({ name: type, filter: { subject: type } })),
      })),
    })),
  };
}

function sortedEntries<V>(map: Map<string, V>): Array<[string, V]> {
  // Code-unit order, not localeCompare: generated files must not depend on the machine's locale.
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
