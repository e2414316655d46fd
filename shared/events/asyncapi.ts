import { z } from 'zod';
import type { Catalog } from './catalog';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEventSchema } from './envelope';
import { deriveTopology } from './topology';

type Json = Record<string, unknown>;

/** Bump when the catalog changes in a way consumers must notice (a new event type version). */
export const EVENTS_API_VERSION = '1.0.0';

/**
 * An AsyncAPI 3.0 document of the catalog: a channel per topic, a send operation per publisher,
 * a receive operation per subscription, and each message's payload as the full CloudEvents
 * envelope (JSON Schema draft-07, which AsyncAPI's schema object builds on).
 */
export function buildAsyncApi(catalog: Catalog): Json {
  const topology = deriveTopology(catalog);
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const entries = Object.entries(catalog).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  for (const [type, definition] of entries) {
    messages[type] = {
      name: type,
      title: type,
      summary: definition.description,
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      correlationId: { location: '$message.payload#/correlationid' },
      payload: envelopeSchema(type, definition.publisher, definition.schema),
      'x-publisher': definition.publisher,
      'x-consumers': [...definition.consumers],
    };
  }

  for (const topic of topology.topics) {
    const types = entries.filter(([, definition]) => definition.topic === topic.name).map(([type]) => type);
    channels[topic.name] = {
      address: topic.name,
      title: `${topic.name} topic`,
      description: `Service Bus topic of the ${topic.name} service; the message subject is the event type.`,
      messages: Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
    };
    operations[`${topic.name}-publishes`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic.name}` },
      summary: `${topic.name} publishes its events`,
      messages: types.map((type) => ({ $ref: `#/channels/${topic.name}/messages/${type}` })),
    };
    for (const subscription of topic.subscriptions) {
      operations[`${subscription.name}-receives-from-${topic.name}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${topic.name}` },
        summary: `${subscription.name} reads its subscription "${subscription.name}" on ${topic.name}`,
        messages: (subscription.rules ?? []).map((rule) => ({
          $ref: `#/channels/${topic.name}/messages/${rule.filter.subject}`,
        })),
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'bakery events',
      version: EVENTS_API_VERSION,
      description:
        'Events between the bakery services. Generated from shared/events/catalog.ts by `npm run gen:events`; do not edit.',
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      azure: {
        host: '{namespace}.servicebus.windows.net',
        protocol: 'amqps',
        description: 'Azure Service Bus (Standard tier): one topic per publishing service.',
        variables: { namespace: { description: 'The Service Bus namespace name' } },
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

function envelopeSchema(type: string, publisher: string, data: z.ZodType): Json {
  const envelope = cloudEventSchema.extend({
    type: z.literal(type),
    source: z.literal(`bakery/${publisher}`),
    data,
  });
  const { $schema: _dialect, ...schema } = z.toJSONSchema(envelope, {
    target: 'draft-07',
    io: 'input',
  }) as Json;
  return schema;
}
