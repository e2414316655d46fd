import type { z } from 'zod';
import { fieldErrorsFrom, type FieldError, type ValidationIssue } from '../errors';
import type { Clock } from '../clock';
import { authEvents } from './contracts/auth';
import { bankEvents } from './contracts/bank';
import { menuEvents } from './contracts/menu';
import { posEvents } from './contracts/pos';
import { productionEvents } from './contracts/production';
import { productsEvents } from './contracts/products';
import { salesEvents } from './contracts/sales';
import type { EventDefinition } from './define-event';
import { cloudEventSchema, createEvent, type CloudEvent } from './envelope';

/**
 * THE event catalog: the one source of truth for every event type — publisher (and so topic),
 * consumers, payload schema, description. The Service Bus topology (infra/), the local runtime's
 * wiring, docs/events.md and docs/asyncapi.json are all derived from it (`npm run gen:events`).
 */
export const catalog = {
  ...productionEvents,
  ...productsEvents,
  ...menuEvents,
  ...salesEvents,
  ...posEvents,
  ...bankEvents,
  ...authEvents,
};

export type Catalog = Readonly<Record<string, EventDefinition>>;
export type EventType = keyof typeof catalog;
export type PayloadOf<T extends EventType> = z.output<(typeof catalog)[T]['schema']>;
/** Any catalogued event; `switch (event.type)` narrows `data`. */
export type BakeryEvent<T extends EventType = EventType> = { [K in T]: CloudEvent<PayloadOf<K>, K> }[T];

/** An event that breaks its contract. Consumers dead-letter it with `message` as the reason. */
export class InvalidEventError extends Error {
  readonly code = 'BAKERY_INVALID_EVENT';
  readonly issues: readonly FieldError[];

  constructor(summary: string, issues: readonly FieldError[] = []) {
    super(
      issues.length === 0
        ? summary
        : `${summary}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    );
    this.name = 'InvalidEventError';
    this.issues = issues;
  }
}

function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(catalog, type);
}

export function topicOf(type: EventType): string {
  return catalog[type].topic;
}

/** Checks a payload against its schema; returns the parsed payload (unknown fields dropped). */
export function validatePayload<T extends EventType>(type: T, data: unknown): PayloadOf<T> {
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type "${String(type)}"`);
  const result = (catalog[type].schema as z.ZodType).safeParse(data);
  if (!result.success)
    throw new InvalidEventError(`invalid ${type} payload`, issuesAt('data', result.error.issues));
  return result.data as PayloadOf<T>;
}

export interface EventOptions {
  clock: Clock;
  /** Deterministic where a retry could publish twice, e.g. `${orderId}:reserved`. */
  id?: string;
  correlationId?: string;
  traceparent?: string;
}

/** A validated event with source and subject taken from the catalog, ready for `toMessage`. */
export function createBakeryEvent<T extends EventType>(
  type: T,
  data: PayloadOf<T>,
  options: EventOptions,
): BakeryEvent<T> {
  const definition: EventDefinition = catalog[type];
  const payload = validatePayload(type, data);
  const event = createEvent({
    ...options,
    type,
    source: `bakery/${definition.publisher}`,
    subject: definition.subjectOf(payload),
    data: payload,
  });
  return event;
}

/**
 * Parses a received message body (the envelope as an object, JSON text or bytes) and validates the
 * envelope, that the type is catalogued and comes from its publisher, and the payload.
 */
export function parseEvent(body: unknown): BakeryEvent {
  const envelope = cloudEventSchema.safeParse(decode(body));
  if (!envelope.success)
    throw new InvalidEventError('invalid CloudEvents envelope', issuesAt('', envelope.error.issues));
  const { type, source } = envelope.data;
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type "${type}"`);
  const expectedSource = `bakery/${catalog[type].publisher}`;
  if (source !== expectedSource) {
    throw new InvalidEventError(`${type} must come from ${expectedSource}, not ${source}`);
  }
  return { ...envelope.data, data: validatePayload(type, envelope.data.data) } as BakeryEvent;
}

function decode(body: unknown): unknown {
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? Buffer.from(body).toString('utf8')
        : undefined;
  if (text === undefined) return body;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidEventError('message body is not JSON');
  }
}

function issuesAt(root: string, issues: readonly ValidationIssue[]): FieldError[] {
  return fieldErrorsFrom(
    issues.map((issue) => ({ ...issue, path: root ? [root, ...issue.path] : issue.path })),
    '(envelope)',
  );
}
