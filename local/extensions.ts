import type { TriggerExtension } from './host/host-api';
import { readLocalSettings, readTaskHubName } from './host/app-config';
import { createDurableExtension } from './durable';

/**
 * Trigger extensions beyond the built-in ones (HTTP, timer, Service Bus, Cosmos change feed), for
 * the app in `appRoot`: Durable, with the task hub named as host.json names it
 * (`extensions.durableTask.hubName`, `%SETTING%` resolved from local.settings.json Values and the
 * environment; default `TestHubName`, as `func start`).
 */
export function localExtensions(appRoot: string = process.cwd()): TriggerExtension[] {
  const settings = { ...readLocalSettings(appRoot), ...process.env };
  return [createDurableExtension({ hubName: readTaskHubName(appRoot, settings) })];
}
