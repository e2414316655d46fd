import type { EmbeddedBus } from '../bus/embedded-bus';
import type { HostApi, RegisteredFunction, TriggerExtension } from '../host/host-api';
import type { RpcTypedData } from '../host/core-types';
import { resolveSetting } from '../host/settings';

/**
 * Service Bus topic trigger on the in-process bus. Each function subscribes to its (topic,
 * subscription); the bus gives peek-lock semantics: the function's success completes the message,
 * a throw abandons it (redelivered until the subscription's maxDeliveryCount, then dead-lettered).
 * Trigger metadata carries the properties the Service Bus extension passes (messageId,
 * deliveryCount, enqueuedTimeUtc, correlationId, subject, applicationProperties, ...).
 */
export function serviceBusTriggerExtension(options: {
  /** The runtime's bus (made once the app is loaded). */
  bus: () => EmbeddedBus;
  maxConcurrentCalls: number;
}): TriggerExtension {
  const subscriptions: Array<{ close(): Promise<void> }> = [];
  const watched: Array<{ topic: string; subscription: string }> = [];
  return {
    name: 'serviceBus',
    triggerTypes: ['serviceBusTrigger'],
    async start(host) {
      for (const fn of host.functions) {
        if (fn.trigger.type?.toLowerCase() !== 'servicebustrigger') continue;
        if (typeof fn.trigger.queueName === 'string')
          throw new Error(
            `Function "${fn.name}": Service Bus queue triggers are not supported by the local runtime; subscribe to a topic`,
          );
        if (fn.trigger.cardinality === 'many')
          throw new Error(
            `Function "${fn.name}": batch (cardinality "many") Service Bus triggers are not supported locally`,
          );
        const topic = resolveSetting(fn.trigger.topicName, host.settings);
        const subscription = resolveSetting(fn.trigger.subscriptionName, host.settings);
        subscriptions.push(
          options
            .bus()
            .subscribe(topic, subscription, (message) => deliver(host, fn, message, topic, subscription), {
              maxConcurrentCalls: options.maxConcurrentCalls,
            }),
        );
        watched.push({ topic, subscription });
      }
    },
    async stop() {
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
    },
    isIdle() {
      const stats = options.bus().stats();
      return watched.every(({ topic, subscription }) => {
        const s = stats.find((x) => x.topic === topic && x.subscription === subscription);
        // A held subscription's queued messages are not work: nothing will run them until released.
        return !s || (s.inFlight === 0 && (s.held || s.active === 0));
      });
    },
    describe: () => ({ subscriptions: watched.map((w) => `${w.topic}/${w.subscription}`) }),
  };
}

type Received = Parameters<Parameters<EmbeddedBus['subscribe']>[2]>[0];

async function deliver(
  host: HostApi,
  fn: RegisteredFunction,
  message: Received,
  topic: string,
  subscription: string,
): Promise<void> {
  const body: RpcTypedData =
    typeof message.body === 'string' ? { string: message.body } : { json: JSON.stringify(message.body) };
  const text = (value: unknown): RpcTypedData => ({ string: String(value) });
  const triggerMetadata: Record<string, RpcTypedData> = {
    MessageId: text(message.messageId),
    DeliveryCount: { int: message.deliveryCount },
    EnqueuedTimeUtc: text(message.enqueuedTimeUtc),
    SequenceNumber: { int: message.sequenceNumber },
    LockToken: text(message.lockToken),
    ApplicationProperties: { json: JSON.stringify(message.applicationProperties ?? {}) },
  };
  if (message.subject !== undefined) triggerMetadata.Subject = text(message.subject);
  if (message.correlationId !== undefined) triggerMetadata.CorrelationId = text(message.correlationId);
  if (message.contentType !== undefined) triggerMetadata.ContentType = text(message.contentType);
  await host.invoke(fn.name, {
    inputData: [{ name: fn.triggerBindingName, data: body }],
    triggerMetadata,
    // The Service Bus extension's reason names the entity path.
    reason: `New ServiceBus message detected on '${topic}/Subscriptions/${subscription}'.`,
  });
}
