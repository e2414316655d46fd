import {
  HAND_OVER_RESENDS,
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

  describe('after the payment, the hand-over', () => {
    const donut = { id: '33333333-3333-4333-8333-333333333333', productId: 'donut' };
    const bread2 = { id: '44444444-4444-4444-8444-444444444444', productId: 'bread' };
    const expected = {
      lines: [
        { productId: 'bread', quantity: 2 },
        { productId: 'donut', quantity: 1 },
      ],
      reserved: [item, bread2, donut],
    };
    const handed = (items: Array<{ id: string; productId: string }>) =>
      afterHandOver(
        { kind: 'handed-over', data: { orderId, userId, items, handedOverAt: at } },
        expected,
        1000,
      );
    const plain = (i: { id: string; productId: string }) => ({ id: i.id, productId: i.productId });

    it('exactly the order (in any sequence) → complete with the items handed over', () => {
      const items = [donut, plain(bread2), plain(item)];
      expect(handed(items)).toEqual({ kind: 'complete', step: { kind: 'complete', items } });
    });

    it('short → not completed, saying which product is short', () => {
      expect(handed([plain(item), donut])).toEqual({
        kind: 'mismatch',
        mismatch: { counts: [{ productId: 'bread', ordered: 2, handed: 1 }], unexpectedItems: [] },
      });
    });

    it('the right count but an item not reserved for the order, or one item twice → not completed', () => {
      const stranger = { id: '55555555-5555-4555-8555-555555555555', productId: 'bread' };
      expect(handed([plain(item), stranger, donut])).toEqual({
        kind: 'mismatch',
        mismatch: { counts: [], unexpectedItems: [stranger.id] },
      });
      expect(handed([plain(item), plain(item), donut])).toEqual({
        kind: 'mismatch',
        mismatch: { counts: [], unexpectedItems: [item.id] },
      });
      // A reserved id handed over as another product.
      expect(handed([plain(item), { id: bread2.id, productId: 'donut' }, donut])).toMatchObject({
        kind: 'mismatch',
        mismatch: { unexpectedItems: [bread2.id] },
      });
    });

    it('too many, or a product not ordered → not completed', () => {
      const extra = { id: '66666666-6666-4666-8666-666666666666', productId: 'pretzel' };
      expect(handed([plain(item), plain(bread2), donut, extra])).toEqual({
        kind: 'mismatch',
        mismatch: { counts: [{ productId: 'pretzel', ordered: 0, handed: 1 }], unexpectedItems: [extra.id] },
      });
    });

    it('no hand-over in time → order.paid again, backing off, a few times; then overdue (never a refund)', () => {
      const after = (attempt: number) => afterHandOver({ kind: 'timeout', attempt }, expected, 1000);
      expect(after(0)).toEqual({ kind: 'resend', step: { kind: 'resend-paid', attempt: 1 }, waitMs: 2000 });
      expect(after(1)).toEqual({ kind: 'resend', step: { kind: 'resend-paid', attempt: 2 }, waitMs: 4000 });
      expect(after(HAND_OVER_RESENDS - 1)).toMatchObject({
        kind: 'resend',
        step: { attempt: HAND_OVER_RESENDS },
      });
      expect(after(HAND_OVER_RESENDS)).toEqual({ kind: 'overdue' });
    });
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
