import { app, type FunctionInput, type InvocationContext } from '@azure/functions';
import { InvalidEventError, parseEvent, type BakeryEvent, type EventType } from '../events/catalog';
import { PoisonMessage } from './poison';

export type EventHandler<T extends EventType> = (
  event: BakeryEvent<T>,
  context: InvocationContext,
) => Promise<void>;

/**
 * Registers `<service>-on-<topic>`: the service's subscription on a publisher's topic. Every message
 * is validated against the catalog; events the handler map does not name are ignored, since the
 * subscription's filter should not have let them in.
 *
 * Poison (a message the catalog refuses, or a handler's `PoisonMessage`): logged as an error with
 * the reason and the offending fields on every delivery, then the invocation fails, so Service Bus
 * dead-letters it after maxDeliveryCount deliveries — in Azure and in the local runtime alike. Not
 * at once: this project's Azure setup has no supported way for a Node function to dead-letter a
 * message itself (docs/decisions.md, "Poison messages"). Any other error is a plain failure
 * (retried, then dead-lettered the same way).
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
      try {
        let event: BakeryEvent;
        try {
          event = parseEvent(message);
        } catch (error) {
          if (error instanceof InvalidEventError) throw PoisonMessage.fromInvalidEvent(error);
          throw error;
        }
        const handler = (handlers as unknown as Record<string, EventHandler<T> | undefined>)[event.type];
        if (!handler) {
          context.warn(`${service}: ignoring ${event.type} (${event.id}); not handled here`);
          return;
        }
        await handler(event as BakeryEvent<T>, context);
      } catch (error) {
        if (error instanceof PoisonMessage) logPoison(service, topic, error, context);
        throw error;
      }
    },
  });
}

function logPoison(service: string, topic: string, poison: PoisonMessage, context: InvocationContext): void {
  const metadata = context.triggerMetadata ?? {};
  const where = `${topic}/${service}`;
  const fields = poison.fields.length > 0 ? ` (fields: ${poison.fields.join(', ')})` : '';
  context.error(
    `${where}: poison message ${String(metadata.messageId)} (delivery ${String(metadata.deliveryCount)}): ${poison.message}${fields}; it goes to the dead-letter queue after maxDeliveryCount deliveries`,
  );
}
