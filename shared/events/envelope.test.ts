import type { Clock } from '../clock';
import { cloudEventSchema, createEvent, toMessage } from './envelope';

const clock: Clock = { now: () => Date.parse('2025-06-01T09:30:00.000Z') };

describe('createEvent', () => {
  it('builds a CloudEvents 1.0 envelope timed by the injected clock', () => {
    const event = createEvent({
      type: 'bakery.stock.changed.v1',
      source: 'bakery/products',
      subject: 'bread',
      data: { available: 3 },
      clock,
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      source: 'bakery/products',
      type: 'bakery.stock.changed.v1',
      time: '2025-06-01T09:30:00.000Z',
      subject: 'bread',
      datacontenttype: 'application/json',
      data: { available: 3 },
    });
    expect(cloudEventSchema.parse(event)).toEqual(event);
  });

  it('gives each event a new id unless one is chosen, so retries can reuse a deterministic one', () => {
    const base = {
      type: 'bakery.order.reserved.v1',
      source: 'bakery/products',
      subject: 'o-1',
      data: {},
      clock,
    } as const;
    expect(createEvent(base).id).not.toBe(createEvent(base).id);
    expect(createEvent({ ...base, id: 'o-1:reserved' }).id).toBe('o-1:reserved');
  });

  it('carries correlation and trace context only when given', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = createEvent({
      type: 'bakery.order.placed.v1',
      source: 'bakery/sales',
      subject: 'o-1',
      data: {},
      correlationId: 'o-1',
      traceparent,
      clock,
    });
    expect(event).toMatchObject({ correlationid: 'o-1', traceparent });
    expect(
      Object.keys(
        createEvent({
          type: 'bakery.order.placed.v1',
          source: 'bakery/sales',
          subject: 'o-1',
          data: {},
          clock,
        }),
      ),
    ).not.toContain('correlationid');
  });
});

describe('toMessage', () => {
  it('maps the envelope onto Service Bus properties', () => {
    const event = createEvent({
      type: 'bakery.order.reserved.v1',
      source: 'bakery/products',
      subject: 'o-1',
      data: { x: 1 },
      id: 'o-1:reserved',
      correlationId: 'o-1',
      clock,
    });
    expect(toMessage(event)).toEqual({
      messageId: 'o-1:reserved',
      body: event,
      subject: 'bakery.order.reserved.v1',
      correlationId: 'o-1',
      contentType: 'application/cloudevents+json',
    });
    const uncorrelated = toMessage({ ...event, correlationid: undefined });
    expect('correlationId' in uncorrelated).toBe(false);
  });
});

describe('cloudEventSchema', () => {
  const valid = createEvent({
    type: 'bakery.menu-item.changed.v1',
    source: 'bakery/menu',
    subject: 'donut',
    data: null,
    clock,
  });

  it.each([
    ['a type without a version', { type: 'bakery.menu-item.changed' }],
    ['a type outside the bakery', { type: 'shop.order.placed.v1' }],
    ['an uppercase type', { type: 'bakery.Order.placed.v1' }],
    ['a source outside the bakery', { source: 'shop/sales' }],
    ['another spec version', { specversion: '0.3' }],
    ['a time without offset', { time: '2025-06-01T09:30:00' }],
    ['an empty id', { id: '' }],
    ['an id longer than Service Bus allows', { id: 'x'.repeat(129) }],
    ['a malformed traceparent', { traceparent: 'abc' }],
  ])('rejects %s', (_name, change) => {
    expect(cloudEventSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('accepts hyphenated nouns and verbs and later versions', () => {
    expect(cloudEventSchema.safeParse({ ...valid, type: 'bakery.order.handed-over.v12' }).success).toBe(true);
  });
});
