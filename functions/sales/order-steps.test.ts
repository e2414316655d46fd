import { newOrder, type Order } from './order';
import { applyFact, applyStep, stepName, type OrderStep } from './order-steps';

const orderId = '11111111-1111-4111-8111-111111111111';
const placedAt = '2026-12-01T00:00:00.000Z';
const now = '2026-12-01T00:01:00.000Z';
const lines = [{ productId: 'bread', quantity: 2 }];
const money = (amount: number) => ({ amount, currency: 'AUD' });
const payment = { chargeId: `order:${orderId}`, amount: money(1600), paidAt: now };
const items = [{ id: '22222222-2222-4222-8222-222222222222', productId: 'bread' }];
const reserved = items.map((i) => ({ ...i, expiresAt: now }));

const placed = () => newOrder(orderId, 'customer-1', lines, placedAt);
const at = (status: Order['status']): Order => {
  const base = placed();
  switch (status) {
    case 'placed':
      return base;
    case 'reserved':
      return { ...base, status, reserved };
    case 'paid':
      return { ...base, status, reserved, payment, total: payment.amount };
    case 'completed':
      return { ...base, status, reserved, payment, total: payment.amount, items };
    case 'rejected':
      return { ...base, status, reason: 'out-of-stock' };
    case 'cancelled':
      return { ...base, status, reason: 'payment-timeout' };
  }
};

describe('order steps', () => {
  const steps: Array<[OrderStep, Order['status'], string, string]> = [
    [{ kind: 'announce' }, 'placed', 'placed', 'bakery.order.placed.v1'],
    [{ kind: 'reserve', items: reserved }, 'placed', 'reserved', 'bakery.payment.requested.v1'],
    [{ kind: 'pay', payment }, 'reserved', 'paid', 'bakery.order.paid.v1'],
    [{ kind: 'complete', items }, 'paid', 'completed', 'bakery.order.completed.v1'],
    [{ kind: 'reject', reason: 'out-of-stock' }, 'placed', 'rejected', 'bakery.order.rejected.v1'],
    [
      { kind: 'cancel', reason: 'payment-timeout', compensations: [] },
      'reserved',
      'cancelled',
      'bakery.order.cancelled.v1',
    ],
  ];

  it.each(steps)('%o from %s: publishes one event with id <orderId>:<step>', (step, from, name, type) => {
    const result = applyStep(at(from), step, now);
    expect(stepName(step)).toBe(name);
    expect(result.events.map((e) => [e.type, e.id])).toEqual([
      [type, `${orderId}:${type === 'bakery.payment.requested.v1' ? 'payment-requested' : name}`],
    ]);
    expect(result.order.updatedAt).toBe(now);
  });

  it('records what each step learnt', () => {
    expect(applyStep(at('placed'), { kind: 'reserve', items: reserved }, now).order).toMatchObject({
      status: 'reserved',
      reserved,
    });
    expect(applyStep(at('reserved'), { kind: 'pay', payment }, now).order).toMatchObject({
      status: 'paid',
      total: money(1600),
    });
    const completed = applyStep(at('paid'), { kind: 'complete', items }, now);
    expect(completed.order).toMatchObject({ status: 'completed', items });
    expect(completed.events[0].data).toMatchObject({ items, total: money(1600), completedAt: now });
    expect(applyStep(at('placed'), { kind: 'announce' }, now).events[0].data).toEqual({
      orderId,
      userId: 'customer-1',
      lines,
      placedAt,
    });
  });

  const outOfOrder: Array<[OrderStep, Order['status']]> = [
    [{ kind: 'announce' }, 'reserved'],
    [{ kind: 'reserve', items: reserved }, 'cancelled'],
    [{ kind: 'pay', payment }, 'placed'],
    [{ kind: 'pay', payment }, 'cancelled'],
    [{ kind: 'complete', items }, 'reserved'],
    [{ kind: 'reject', reason: 'out-of-stock' }, 'reserved'],
    [{ kind: 'cancel', reason: 'payment-timeout', compensations: [] }, 'paid'],
    [{ kind: 'cancel', reason: 'payment-timeout', compensations: [] }, 'completed'],
  ];
  it.each(outOfOrder)('refuses %o on a %s order (a bug in the saga, never guessed around)', (step, from) => {
    expect(() => applyStep(at(from), step, now)).toThrow(/order 1111/);
  });

  it('a cancellation records its compensations and refunds a payment that already reached the order', () => {
    const step: OrderStep = {
      kind: 'cancel',
      reason: 'payment-timeout',
      compensations: ['void-payment', 'release-reservation'],
    };
    const plain = applyStep(at('reserved'), step, now);
    expect(plain.order).toMatchObject({
      status: 'cancelled',
      compensated: ['void-payment', 'release-reservation'],
    });
    expect(plain.events.map((e) => e.type)).toEqual(['bakery.order.cancelled.v1']);

    const withPayment = applyStep({ ...at('reserved'), payment }, step, now);
    expect(withPayment.events.map((e) => [e.type, e.id])).toEqual([
      ['bakery.order.cancelled.v1', `${orderId}:cancelled`],
      ['bakery.refund.requested.v1', `${orderId}:refund-requested`],
    ]);
    expect(withPayment.events[1].data).toMatchObject({ amount: money(1600), reason: 'late-payment' });
    expect(withPayment.order.refundRequested).toEqual(money(1600));
  });
});

describe('facts arriving on their own', () => {
  const succeeded = { kind: 'payment-succeeded' as const, payment };

  it.each(['placed', 'reserved'] as const)(
    'a payment for a %s order is recorded, nothing published',
    (status) => {
      const result = applyFact(at(status), succeeded, now);
      expect(result?.events).toEqual([]);
      expect(result?.order.payment).toEqual(payment);
    },
  );

  it.each(['cancelled', 'rejected'] as const)('a payment for a %s order is refunded, once', (status) => {
    const first = applyFact(at(status), succeeded, now);
    expect(first?.events.map((e) => e.type)).toEqual(['bakery.refund.requested.v1']);
    expect(first?.order).toMatchObject({ status, refundRequested: money(1600) });
    expect(applyFact(first!.order, succeeded, now)).toBeUndefined();
    // Even a second payment of another charge: the order asked for one refund and says so.
    expect(applyFact({ ...first!.order, payment: undefined }, succeeded, now)).toBeUndefined();
  });

  it.each(['paid', 'completed'] as const)('the payment of a %s order again changes nothing', (status) => {
    expect(applyFact(at(status), succeeded, now)).toBeUndefined();
  });

  it('a refund is recorded once', () => {
    const refunded = applyFact(at('cancelled'), { kind: 'payment-refunded', amount: money(1600) }, now);
    expect(refunded).toEqual({ order: expect.objectContaining({ refunded: money(1600) }), events: [] });
    expect(
      applyFact(refunded!.order, { kind: 'payment-refunded', amount: money(1600) }, now),
    ).toBeUndefined();
  });
});
