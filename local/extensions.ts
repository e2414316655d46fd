import type { TriggerExtension } from './host/host-api';
import { createDurableExtension } from './durable';

/** Trigger extensions beyond the built-in ones (HTTP, timer, Service Bus, Cosmos change feed). */
export function localExtensions(): TriggerExtension[] {
  return [createDurableExtension({ hubName: 'bakery' })];
}
