export * from './catalog';
export {
  CLOUDEVENTS_CONTENT_TYPE,
  cloudEventSchema,
  createEvent,
  toMessage,
  type CloudEvent,
  type EventSource,
} from './envelope';
export type { EventDefinition } from './define-event';
export * from './topology';
