import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { SERVICE_NAMES } from '../config/services';
import { toMessage } from './envelope';
import {
  catalog,
  createBakeryEvent,
  InvalidEventError,
  parseEvent,
  validatePayload,
  type EventType,
} from './catalog';
import { EVENT_TYPE_PATTERN } from './envelope';
import { examplePayloads } from './example-payloads';

const clock: Clock = { now: () => Date.parse('2025-06-01T10:00:00.000Z') };
const types = Object.keys(catalog) as EventType[];

function thrown(fn: () => unknown): InvalidEventError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('the catalog', () => {
  it('names every event bakery.<noun>.<past-tense-verb>.vN', () => {
    expect(types.filter((type) => !EVENT_TYPE_PATTERN.test(type))).toEqual([]);
  });

  it("publishes each event on its publisher's topic, one topic per publishing service", () => {
    for (const definition of Object.values(catalog)) expect(definition.topic).toBe(definition.publisher);
    expect(new Set(Object.values(catalog).map((d) => d.topic))).toEqual(
      new Set(['production', 'products', 'menu', 'sales', 'pos', 'bank', 'auth']),
    );
  });

  it('only lists known services as consumers, once each, never the publisher itself', () => {
    for (const [type, definition] of Object.entries(catalog)) {
      expect({
        type,
        unknown: definition.consumers.filter((c) => !(SERVICE_NAMES as readonly string[]).includes(c)),
      }).toEqual({ type, unknown: [] });
      expect(new Set(definition.consumers).size).toBe(definition.consumers.length);
      expect(definition.consumers).not.toContain(definition.publisher);
    }
  });

  it.each(types)('round-trips %s from publisher to consumer', (type) => {
    const event = createBakeryEvent(type, examplePayloads[type], {
      clock,
      id: `${randomUUID()}:${type}`,
      correlationId: 'c-1',
    });
    expect(event.source).toBe(`bakery/${catalog[type].publisher}`);
    const wire = JSON.stringify(toMessage(event).body);
    expect(parseEvent(wire)).toEqual(event);
  });
});

describe('validatePayload', () => {
  it('refuses money that is not whole minor units, naming the field', () => {
    const payment = {
      ...examplePayloads['bakery.payment.succeeded.v1'],
      amount: { amount: 9.5, currency: 'AUD' },
    };
    expect(thrown(() => validatePayload('bakery.payment.succeeded.v1', payment)).issues).toEqual([
      { field: 'data.amount.amount', message: expect.stringContaining('int') },
    ]);
  });

  it('refuses a zero charge, a lowercase currency and an empty order', () => {
    const zero = { ...examplePayloads['bakery.charge.requested.v1'], amount: { amount: 0, currency: 'aud' } };
    expect(
      thrown(() => validatePayload('bakery.charge.requested.v1', zero)).issues.map((i) => i.field),
    ).toEqual(['data.amount.amount', 'data.amount.currency']);
    const empty = { ...examplePayloads['bakery.order.placed.v1'], lines: [] };
    expect(thrown(() => validatePayload('bakery.order.placed.v1', empty)).message).toMatch(
      /^invalid bakery.order.placed.v1 payload: data.lines: /,
    );
  });

  it('drops fields it does not know, so publishers can add fields without breaking readers', () => {
    expect(
      validatePayload('bakery.user.signed-up.v1', {
        ...examplePayloads['bakery.user.signed-up.v1'],
        favourite: 'donut',
      }),
    ).toEqual(examplePayloads['bakery.user.signed-up.v1']);
  });

  it('refuses an unknown type', () => {
    expect(thrown(() => validatePayload('bakery.cake.eaten.v1' as EventType, {})).message).toBe(
      'unknown event type "bakery.cake.eaten.v1"',
    );
  });
});

describe('createBakeryEvent', () => {
  it('takes the subject from the catalog and refuses an invalid payload before it is published', () => {
    const event = createBakeryEvent('bakery.stock.changed.v1', examplePayloads['bakery.stock.changed.v1'], {
      clock,
    });
    expect(event).toMatchObject({
      subject: 'bread',
      source: 'bakery/products',
      time: '2025-06-01T10:00:00.000Z',
    });
    expect(() =>
      createBakeryEvent(
        'bakery.stock.changed.v1',
        { ...examplePayloads['bakery.stock.changed.v1'], available: -1 },
        { clock },
      ),
    ).toThrow(InvalidEventError);
  });
});

describe('parseEvent', () => {
  const event = createBakeryEvent('bakery.order.placed.v1', examplePayloads['bakery.order.placed.v1'], {
    clock,
    id: 'o:placed',
  });

  it('reads the envelope as an object, JSON text or bytes, and narrows by type', () => {
    const parsed = parseEvent(Buffer.from(JSON.stringify(event)));
    expect(parsed).toEqual(event);
    if (parsed.type !== 'bakery.order.placed.v1') throw new Error('narrowing failed');
    expect(parsed.data.lines[0]?.quantity).toBe(1);
    expect(parseEvent(event)).toEqual(event);
  });

  it('refuses a body that is not JSON', () => {
    expect(thrown(() => parseEvent('{"specversion"')).message).toBe('message body is not JSON');
  });

  it('refuses a broken envelope, saying which attribute', () => {
    const { specversion: _omitted, ...withoutVersion } = event;
    expect(thrown(() => parseEvent(withoutVersion)).issues).toEqual([
      { field: 'specversion', message: expect.any(String) },
    ]);
    expect(thrown(() => parseEvent(null)).issues).toEqual([
      { field: '(envelope)', message: expect.any(String) },
    ]);
  });

  it('refuses an event type the catalog does not know', () => {
    expect(thrown(() => parseEvent({ ...event, type: 'bakery.order.eaten.v1' })).message).toBe(
      'unknown event type "bakery.order.eaten.v1"',
    );
  });

  it('refuses an event from the wrong publisher', () => {
    expect(thrown(() => parseEvent({ ...event, source: 'bakery/bank' })).message).toBe(
      'bakery.order.placed.v1 must come from bakery/sales, not bakery/bank',
    );
  });

  it('refuses an invalid payload with the field path as the dead-letter reason', () => {
    const bad = { ...event, data: { ...event.data, lines: [{ productId: 'Bread Loaf', quantity: 0 }] } };
    expect(thrown(() => parseEvent(bad)).issues.map((i) => i.field)).toEqual([
      'data.lines[0].productId',
      'data.lines[0].quantity',
    ]);
  });
});
