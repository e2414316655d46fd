/** The app the runtime benchmark runs: an HTTP ping and a Service Bus hop that reports its arrival. */
import { app, type InvocationContext } from '@azure/functions';

export const arrivals = new Map<string, (at: number) => void>();

app.http('ping', {
  methods: ['GET'],
  route: 'ping',
  handler: async () => ({ status: 200, jsonBody: { pong: true } }),
});

app.serviceBusTopic('hop', {
  connection: 'ServiceBusConnection',
  topicName: 'bench',
  subscriptionName: 'hop',
  handler: async (_message: unknown, context: InvocationContext) => {
    const at = performance.now();
    arrivals.get(String(context.triggerMetadata?.messageId))?.(at);
  },
});
