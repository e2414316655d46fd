import {
  afterHandOver,
  afterPayment,
  afterReservation,
  compensationPlan,
  compensationReader,
} from './sell-order-decisions';

const orderId = '11111111-1111-4111-8111-111111111111';
const userId = 'customer-1';
const at = '2026-12-01T00:00:00.000Z';
const item = { id: '22222222-2222-4222-8222-222222222222', productId: 'bread', expiresAt: at };

describe('sell-order decisions', () => {
  describe('after the reservation', () => {
    it('reserved → record the items and ask for payment', () => {
      expect(
        afterReservation({ kind: 'reserved', data: { orderId, userId, items: [item], reservedAt: at } }),
      ).toEqual({
        kind: 'reserve',
        items: [item],
      });
    });

    it.each(['out-of-stock', 'invalid-order'] as const)('failed (%s) → reject with that reason', (reason) => {
      expect(
        afterReservation({
          kind: 'reservation-failed',
          data: { orderId, userId, reason, shortages: [], failedAt: at },
        }),
      ).toEqual({ kind: 'reject', reason });
    });

    it('failed as cancelled (products saw a cancellation first) → cancel as not reserved in time', () => {
      expect(
        afterReservation({
          kind: 'reservation-failed',
          data: { orderId, userId, reason: 'cancelled', shortages: [], failedAt: at },
        }),
      ).toEqual({ kind: 'cancel', reason: 'reservation-timeout', compensations: [] });
    });

    it('timeout → cancel (reservation-timeout), so a reservation landing later is released', () => {
      expect(afterReservation({ kind: 'timeout' })).toEqual({
        kind: 'cancel',
        reason: 'reservation-timeout',
        compensations: [],
      });
    });
  });

  describe('after the payment', () => {
    it('succeeded → paid with what the customer paid', () => {
      const data = {
        orderId,
        userId,
        chargeId: `order:${orderId}`,
        amount: { amount: 800, currency: 'AUD' },
        paidAt: at,
      };
      expect(afterPayment({ kind: 'payment-succeeded', data })).toEqual({
        kind: 'pay',
        payment: { chargeId: data.chargeId, amount: data.amount, paidAt: at },
      });
    });

    it.each(['insufficient-funds', 'payment-declined'] as const)(
      'failed (%s) → cancel with that reason',
      (reason) => {
        expect(
          afterPayment({
            kind: 'payment-failed',
            data: { orderId, userId, chargeId: 'c', reason, failedAt: at },
          }),
        ).toEqual({ kind: 'cancel', reason, compensations: [] });
      },
    );

    it('timeout → cancel (payment-timeout)', () => {
      expect(afterPayment({ kind: 'timeout' })).toEqual({
        kind: 'cancel',
        reason: 'payment-timeout',
        compensations: [],
      });
    });
  });

  it('after the hand-over → complete with exactly the items handed over', () => {
    const items = [
      { id: item.id, productId: 'bread' },
      { id: '33333333-3333-4333-8333-333333333333', productId: 'donut' },
    ];
    expect(afterHandOver({ orderId, userId, items, handedOverAt: at })).toEqual({ kind: 'complete', items });
  });

  describe('compensations', () => {
    it('run newest first, without changing what was recorded', () => {
      const recorded = ['release-reservation', 'void-payment'] as const;
      expect(compensationPlan(recorded)).toEqual(['void-payment', 'release-reservation']);
      expect(recorded).toEqual(['release-reservation', 'void-payment']);
      expect(compensationPlan([])).toEqual([]);
    });

    it('are each heard by the service that undoes them', () => {
      expect(compensationReader('release-reservation')).toBe('products');
      expect(compensationReader('void-payment')).toBe('pos');
    });
  });
});
