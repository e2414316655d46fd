import type { OutgoingMessage } from '../../shared/bus/port';
import type { CorrelationFilter, RuleDefinition, SubscriptionDefinition, Topology } from './topology-types';

export const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;
export const DEFAULT_MAX_DELIVERY_COUNT = 10;
export const DEFAULT_LOCK_DURATION_MS = 60_000;

// Azure's naming rules, so a topology that runs locally also deploys.
const TOPIC_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._\-/]{0,258}[A-Za-z0-9])?$/;
const SUBSCRIPTION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$/;
const FILTER_KEYS = [
  'subject',
  'correlationId',
  'messageId',
  'contentType',
  'applicationProperties',
] as const;

/** Throws one error listing every problem, so a broken catalog fails at start, not at first send. */
export function checkTopology(topology: Topology): void {
  const problems: string[] = [];
  const topics = new Set<string>();
  for (const topic of topology.topics) {
    const where = `topic '${topic.name}'`;
    if (!TOPIC_NAME.test(topic.name)) problems.push(`${where}: invalid name`);
    if (topics.has(topic.name)) problems.push(`${where}: defined twice`);
    topics.add(topic.name);
    const window = topic.duplicateDetectionWindowMs;
    if (window !== undefined && !(Number.isFinite(window) && window >= 0)) {
      problems.push(`${where}: duplicateDetectionWindowMs must be >= 0`);
    }
    const names = new Set<string>();
    for (const sub of topic.subscriptions) {
      const at = `${where} subscription '${sub.name}'`;
      if (!SUBSCRIPTION_NAME.test(sub.name)) problems.push(`${at}: invalid name`);
      if (names.has(sub.name)) problems.push(`${at}: defined twice`);
      names.add(sub.name);
      problems.push(...checkSubscription(sub).map((p) => `${at}: ${p}`));
    }
  }
  if (problems.length) throw new Error(`invalid bus topology:\n- ${problems.join('\n- ')}`);
}

function checkSubscription(sub: SubscriptionDefinition): string[] {
  const problems: string[] = [];
  const max = sub.maxDeliveryCount;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1))
    problems.push('maxDeliveryCount must be an integer >= 1');
  const lock = sub.lockDurationMs;
  if (lock !== undefined && !(Number.isFinite(lock) && lock > 0)) problems.push('lockDurationMs must be > 0');
  const rules = new Set<string>();
  for (const rule of sub.rules ?? []) {
    if (rules.has(rule.name)) problems.push(`rule '${rule.name}' defined twice`);
    rules.add(rule.name);
    // Azure rejects a correlation filter without any property; so do we.
    if (isEmptyFilter(rule.filter)) problems.push(`rule '${rule.name}' has an empty filter`);
  }
  return problems;
}

function isEmptyFilter(filter: CorrelationFilter): boolean {
  return FILTER_KEYS.every((key) => {
    const value = filter[key];
    if (key === 'applicationProperties') return value === undefined || Object.keys(value).length === 0;
    return value === undefined;
  });
}

/** True when the subscription takes a copy of the message. */
export function matchesRules(rules: RuleDefinition[] | undefined, message: OutgoingMessage): boolean {
  if (!rules || rules.length === 0) return true;
  return rules.some((rule) => matchesFilter(rule.filter, message));
}

function matchesFilter(filter: CorrelationFilter, message: OutgoingMessage): boolean {
  if (filter.subject !== undefined && filter.subject !== message.subject) return false;
  if (filter.correlationId !== undefined && filter.correlationId !== message.correlationId) return false;
  if (filter.messageId !== undefined && filter.messageId !== message.messageId) return false;
  if (filter.contentType !== undefined && filter.contentType !== message.contentType) return false;
  const wanted = filter.applicationProperties ?? {};
  const actual = message.applicationProperties ?? {};
  for (const [key, value] of Object.entries(wanted)) {
    // Strict equality: 1 does not match '1', as Azure compares typed values.
    if (!Object.prototype.hasOwnProperty.call(actual, key) || actual[key] !== value) return false;
  }
  return true;
}
