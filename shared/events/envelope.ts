import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutgoingMessage } from '../bus/port';
import { isoNow, type Clock } from '../clock';

/**
 * The CloudEvents 1.0 JSON envelope every bakery event travels in. On Service Bus the envelope is
 * the body, and `toMessage` copies id/type/correlationid onto the broker's own properties so
 * duplicate detection and subscription filters work without reading the body.
 */
export type EventSource = `bakery/${string}`;

export interface CloudEvent<T = unknown, Type extends string = string> {
  specversion: '1.0';
  id: string;
  source: EventSource;
  type: Type;
  time: string;
  /** The aggregate the event is about: an order id, a product id, a user id. */
  subject: string;
  datacontenttype: 'application/json';
  data: T;
  /** The order id or request id that ties a saga's events together. */
  correlationid?: string;
  /** W3C trace context of the work that produced the event. */
  traceparent?: string;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** `bakery.<noun>.<past-tense-verb>.v<N>`; noun and verb may be hyphenated (`menu-item`, `handed-over`). */
export const EVENT_TYPE_PATTERN = /^bakery\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/;
const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The envelope alone; `data` is checked against the catalog by `parseEvent`. */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(128),
  source: z.templateLiteral(['bakery/', z.string().regex(/^[a-z][a-z-]*$/)]),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'must look like bakery.<noun>.<past-tense-verb>.v<N>'),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
  correlationid: z.string().min(1).optional(),
  traceparent: z.string().regex(TRACEPARENT_PATTERN, 'must be a W3C traceparent').optional(),
});

export interface NewEvent<T, Type extends string> {
  type: Type;
  source: EventSource;
  subject: string;
  data: T;
  /** Deterministic where a retry could publish twice, e.g. `<orderId>:reserved`. Default: a random uuid. */
  id?: string;
  correlationId?: string;
  traceparent?: string;
  clock: Clock;
}

export function createEvent<T, Type extends string>(init: NewEvent<T, Type>): CloudEvent<T, Type> {
  const event: CloudEvent<T, Type> = {
    specversion: '1.0',
    id: init.id ?? randomUUID(),
    source: init.source,
    type: init.type,
    time: isoNow(init.clock),
    subject: init.subject,
    datacontenttype: 'application/json',
    data: init.data,
  };
  if (init.correlationId !== undefined) event.correlationid = init.correlationId;
  if (init.traceparent !== undefined) event.traceparent = init.traceparent;
  return event;
}

export function toMessage(event: CloudEvent): OutgoingMessage {
  const message: OutgoingMessage = {
    messageId: event.id,
    body: event,
    subject: event.type,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
  };
  if (event.correlationid !== undefined) message.correlationId = event.correlationid;
  return message;
}
