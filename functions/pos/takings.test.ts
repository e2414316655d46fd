import type { PricedPayment } from './payment';
import { takingsOf } from './takings';

type Approved = Extract<PricedPayment, { approvedDay: string }>;
type Refunded = Extract<PricedPayment, { status: 'refunded' }>;

const paid = (gross: number, discount: number, approvedDay: string): Approved =>
  ({
    status: 'paid',
    gross,
    discount,
    total: gross - discount,
    amount: gross - discount,
    approvedDay,
  }) as Approved;

describe('a day’s takings', () => {
  it('counts charges approved that day and refunds made that day, net = gross − discounts − refunds', () => {
    const a = paid(1600, 0, '2026-12-01');
    const b = paid(800, 400, '2026-12-01');
    const c = paid(999, 0, '2026-12-02');
    const r = {
      ...paid(700, 0, '2026-11-30'),
      status: 'refunded',
      refundedAmount: 700,
      refundedDay: '2026-12-01',
    };
    expect(takingsOf('2026-12-01', [a, b, c], [r as Refunded])).toEqual({
      orders: 2,
      gross: 2400,
      discounts: 400,
      refunds: 700,
      net: 1300,
    });
    expect(takingsOf('2026-12-03', [a, b, c], [r as Refunded])).toEqual({
      orders: 0,
      gross: 0,
      discounts: 0,
      refunds: 0,
      net: 0,
    });
  });
});
