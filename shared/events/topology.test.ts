import { z } from 'zod';
import { catalog, type Catalog } from './catalog';
import { publishedBy } from './define-event';
import { deriveTopology } from './topology';

const anyPayload = z.object({});
const small: Catalog = {
  'bakery.order.placed.v1': publishedBy('sales')({
    consumers: ['users', 'products'],
    description: '',
    schema: anyPayload,
    subjectOf: () => 's',
  }),
  'bakery.order.cancelled.v1': publishedBy('sales')({
    consumers: ['products'],
    description: '',
    schema: anyPayload,
    subjectOf: () => 's',
  }),
  'bakery.items.expired.v1': publishedBy('products')({
    consumers: [],
    description: '',
    schema: anyPayload,
    subjectOf: () => 's',
  }),
};

describe('deriveTopology', () => {
  it('makes one topic per publisher and one subscription per consumer, with a rule per event type', () => {
    const rule = (type: string) => ({ name: type, filter: { subject: type } });
    const subscription = (name: string, types: string[]) => ({
      name,
      maxDeliveryCount: 10,
      lockDurationMs: 60_000,
      rules: types.map(rule),
    });
    expect(deriveTopology(small)).toEqual({
      topics: [
        // A publisher nobody reads yet still gets its topic, so its sends do not fail.
        { name: 'products', duplicateDetectionWindowMs: 600_000, subscriptions: [] },
        {
          name: 'sales',
          duplicateDetectionWindowMs: 600_000,
          subscriptions: [
            subscription('products', ['bakery.order.cancelled.v1', 'bakery.order.placed.v1']),
            subscription('users', ['bakery.order.placed.v1']),
          ],
        },
      ],
    });
  });

  it('routes every catalogued consumer to every event it reads, and nothing else', () => {
    const routed = deriveTopology(catalog).topics.flatMap((topic) =>
      topic.subscriptions.flatMap((s) =>
        (s.rules ?? []).map((r) => `${topic.name}/${s.name}/${r.filter.subject}`),
      ),
    );
    const expected = Object.entries(catalog).flatMap(([type, d]) =>
      d.consumers.map((c) => `${d.topic}/${c}/${type}`),
    );
    expect(routed.sort()).toEqual(expected.sort());
  });

  it('only uses names Service Bus accepts', () => {
    const entityName = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$/; // subscriptions and rules: 1-50 characters
    for (const topic of deriveTopology(catalog).topics) {
      expect(topic.name).toMatch(entityName);
      for (const subscription of topic.subscriptions) {
        expect(subscription.name).toMatch(entityName);
        for (const rule of subscription.rules ?? []) expect(rule.name).toMatch(entityName);
      }
    }
  });
});
