import { app, type FunctionInput, type InvocationContext } from '@azure/functions';
import { parseEvent, type BakeryEvent, type EventType } from '../events/catalog';

export type EventHandler<T extends EventType> = (
  event: BakeryEvent<T>,
  context: InvocationContext,
) => Promise<void>;

/**
 * Registers `<service>-on-<topic>`: the service's subscription on a publisher's topic. Every message
 * is validated against the catalog (an invalid one throws, is retried, and ends in the dead-letter
 * queue with the reason); events the handler map does not name are ignored, since the
 * subscription's filter should not have let them in.
 */
export function subscribe<T extends EventType>(
  service: string,
  topic: string,
  handlers: { [K in T]: EventHandler<K> },
  /** Extra input bindings the handlers read from their context, e.g. `df.input.durableClient()`. */
  options: { extraInputs?: FunctionInput[] } = {},
): void {
  app.serviceBusTopic(`${service}-on-${topic}`, {
    ...(options.extraInputs ? { extraInputs: options.extraInputs } : {}),
    connection: 'ServiceBusConnection',
    topicName: topic,
    subscriptionName: service,
    handler: async (message: unknown, context: InvocationContext) => {
      const event = parseEvent(message);
      const handler = (handlers as unknown as Record<string, EventHandler<T> | undefined>)[event.type];
      if (!handler) {
        context.warn(`${service}: ignoring ${event.type} (${event.id}); not handled here`);
        return;
      }
      await handler(event as BakeryEvent<T>, context);
    },
  });
}
