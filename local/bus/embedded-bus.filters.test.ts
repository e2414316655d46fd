import { Journal } from '../persistence/journal';
import { drain, manualClock, message, statsOf } from './bus-test-kit';
import { EmbeddedBus } from './embedded-bus';
import type { Topology } from './topology-types';

const BAKED = 'bakery.batch.baked.v1';
const PLACED = 'bakery.order.placed.v1';
const PAID = 'bakery.order.paid.v1';

const topology: Topology = {
  topics: [
    {
      name: 'sales',
      subscriptions: [
        { name: 'everything' },
        { name: 'empty-rules', rules: [] },
        { name: 'placed-only', rules: [{ name: 'placed', filter: { subject: PLACED } }] },
        {
          name: 'placed-or-paid',
          rules: [
            { name: 'placed', filter: { subject: PLACED } },
            { name: 'paid', filter: { subject: PAID } },
          ],
        },
        {
          name: 'rye',
          rules: [
            { name: 'rye', filter: { applicationProperties: { product: 'rye', count: 2, urgent: true } } },
          ],
        },
        { name: 'paid-for-o1', rules: [{ name: 'o1', filter: { subject: PAID, correlationId: 'o1' } }] },
      ],
    },
    { name: 'production', subscriptions: [{ name: 'products' }, { name: 'menu' }] },
  ],
};

function newBus(t: Topology = topology): EmbeddedBus {
  return new EmbeddedBus({ journal: Journal.open(), clock: manualClock(), topology: t });
}

describe('EmbeddedBus filters', () => {
  const sent = [
    message({ messageId: 'placed-1', subject: PLACED, correlationId: 'o1' }),
    message({ messageId: 'paid-1', subject: PAID, correlationId: 'o1' }),
    message({ messageId: 'paid-2', subject: PAID, correlationId: 'o2' }),
    message({
      messageId: 'rye-match',
      subject: PLACED,
      applicationProperties: { product: 'rye', count: 2, urgent: true, extra: 'x' },
    }),
    message({
      messageId: 'rye-count-as-text',
      subject: BAKED,
      applicationProperties: { product: 'rye', count: '2', urgent: true },
    }),
    message({
      messageId: 'rye-missing-urgent',
      subject: BAKED,
      applicationProperties: { product: 'rye', count: 2 },
    }),
    message({ messageId: 'no-subject', subject: undefined }),
  ];

  async function idsOn(subscription: string): Promise<string[]> {
    const bus = newBus();
    await bus.send('sales', sent);
    const ids = (await drain(bus, 'sales', subscription)).map((m) => m.messageId);
    expect(statsOf(bus, 'sales', subscription).active).toBe(0);
    return ids;
  }

  it('copies every message to a subscription without rules or with an empty rule list', async () => {
    const all = sent.map((m) => m.messageId);
    expect(await idsOn('everything')).toEqual(all);
    expect(await idsOn('empty-rules')).toEqual(all);
  });

  it('filters on subject', async () => {
    expect(await idsOn('placed-only')).toEqual(['placed-1', 'rye-match']);
  });

  it('copies when any rule matches', async () => {
    expect(await idsOn('placed-or-paid')).toEqual(['placed-1', 'paid-1', 'paid-2', 'rye-match']);
  });

  it('matches application properties only when all are present with equal values of the same type', async () => {
    expect(await idsOn('rye')).toEqual(['rye-match']);
  });

  it('requires every property of one filter to match', async () => {
    expect(await idsOn('paid-for-o1')).toEqual(['paid-1']);
  });

  it('fans one send out to every subscription, each with its own copy and the same sequence number', async () => {
    const bus = newBus();
    await bus.send('production', message({ messageId: 'batch-1', body: { loaves: 12 } }));
    const products = await drain(bus, 'production', 'products');
    expect(statsOf(bus, 'production', 'menu')).toEqual({ active: 1, inFlight: 0, deadLettered: 0 });
    const menu = await drain(bus, 'production', 'menu');
    expect(products).toHaveLength(1);
    expect(menu).toHaveLength(1);
    expect(menu[0].body).toEqual({ loaves: 12 });
    expect(menu[0].sequenceNumber).toBe(products[0].sequenceNumber);
    expect(menu[0].lockToken).not.toBe(products[0].lockToken);
  });

  it('accepts a message that no subscription wants without storing it anywhere', async () => {
    const bus = newBus({
      topics: [
        {
          name: 'pos',
          subscriptions: [{ name: 'bank', rules: [{ name: 'c', filter: { subject: 'charge' } }] }],
        },
      ],
    });
    await bus.send('pos', message({ subject: 'other' }));
    expect(statsOf(bus, 'pos', 'bank').active).toBe(0);
  });
});

describe('EmbeddedBus rejects what Azure would reject', () => {
  it('names an unknown topic or subscription', async () => {
    const bus = newBus();
    await expect(bus.send('bakery', message())).rejects.toThrow("unknown topic 'bakery'");
    expect(() => bus.subscribe('sales', 'nobody', async () => {})).toThrow(
      "unknown subscription 'nobody' on topic 'sales'",
    );
    expect(() => bus.subscribe('nowhere', 'x', async () => {})).toThrow("unknown topic 'nowhere'");
    expect(() => bus.deadLetters('sales', 'nobody')).toThrow('nobody');
  });

  it('refuses a send with a message without messageId, and publishes none of that send', async () => {
    const bus = newBus();
    const bad = { body: {}, subject: PLACED } as unknown as ReturnType<typeof message>;
    await expect(bus.send('sales', [message(), bad])).rejects.toThrow(/without a messageId.*'sales'/);
    await expect(bus.send('sales', message({ messageId: '' }))).rejects.toThrow(/without a messageId/);
    expect(statsOf(bus, 'sales', 'everything').active).toBe(0);
  });

  it('refuses application properties that are not string, finite number or boolean', async () => {
    const bus = newBus();
    const props = { when: new Date() } as unknown as Record<string, string>;
    await expect(bus.send('sales', message({ applicationProperties: props }))).rejects.toThrow(
      "application property 'when'",
    );
    await expect(bus.send('sales', message({ applicationProperties: { n: NaN } }))).rejects.toThrow("'n'");
  });

  it('refuses a second handler on the same subscription and a bad concurrency', () => {
    const bus = newBus();
    bus.subscribe('sales', 'everything', async () => {});
    expect(() => bus.subscribe('sales', 'everything', async () => {})).toThrow('already has a handler');
    expect(() => bus.subscribe('sales', 'placed-only', async () => {}, { maxConcurrentCalls: 0 })).toThrow(
      'maxConcurrentCalls',
    );
  });

  it('refuses an invalid topology, listing every problem', () => {
    const broken: Topology = {
      topics: [
        {
          name: 'sales',
          subscriptions: [
            { name: 'a', rules: [{ name: 'r', filter: {} }] },
            { name: 'a', maxDeliveryCount: 0 },
          ],
        },
        { name: 'sales', subscriptions: [{ name: 'bad/name' }] },
        {
          name: 'pos',
          duplicateDetectionWindowMs: -1,
          subscriptions: [
            { name: 'b', lockDurationMs: 0, rules: [{ name: 'p', filter: { applicationProperties: {} } }] },
          ],
        },
      ],
    };
    let error: Error | undefined;
    try {
      newBus(broken);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message.split('\n').slice(1)).toEqual([
      "- topic 'sales' subscription 'a': rule 'r' has an empty filter",
      "- topic 'sales' subscription 'a': defined twice",
      "- topic 'sales' subscription 'a': maxDeliveryCount must be an integer >= 1",
      "- topic 'sales': defined twice",
      "- topic 'sales' subscription 'bad/name': invalid name",
      "- topic 'pos': duplicateDetectionWindowMs must be >= 0",
      "- topic 'pos' subscription 'b': lockDurationMs must be > 0",
      "- topic 'pos' subscription 'b': rule 'p' has an empty filter",
    ]);
  });
});
