import { dayFigures, money, renderFigures, type OrderSeen, type ProductDay } from './day-figures';

const plan = { short: 1, askedForSoldOut: 1, refusedAtTheTill: 0 };
const aud = (amount: number) => ({ amount, currency: 'AUD' });
const products: ProductDay[] = [
  { productId: 'bread', baked: 10, sold: 3, expired: 0, discarded: 7, onShelf: 0 },
  { productId: 'donut', baked: 20, sold: 1, expired: 15, discarded: 4, onShelf: 0 },
];
const orders: OrderSeen[] = [
  {
    status: 'completed',
    total: aud(1950),
    items: [
      { id: 'i1', productId: 'bread' },
      { id: 'i2', productId: 'bread' },
      { id: 'i3', productId: 'donut' },
    ],
  },
  { status: 'completed', total: aud(400), items: [{ id: 'i4', productId: 'bread' }] },
  { status: 'rejected', reason: 'out-of-stock' },
  { status: 'cancelled', reason: 'insufficient-funds' },
  { status: 'cancelled', reason: 'payment-timeout' },
];
const takings = {
  currency: 'AUD',
  orders: 2,
  gross: aud(2750),
  discounts: aud(400),
  refunds: aud(0),
  net: aud(2350),
};
const figures = (over: Partial<Parameters<typeof dayFigures>[0]> = {}) =>
  dayFigures({ date: '2026-12-01', customers: 5, plan, products, orders, takings, closed: true, ...over });

describe('the day figures', () => {
  it('adds up waste, outcomes and revenue, and finds nothing wrong in a consistent day', () => {
    const f = figures();
    expect(f.problems).toEqual([]);
    expect(f.products[0]).toEqual({
      productId: 'bread',
      baked: 10,
      sold: 3,
      expired: 0,
      discarded: 7,
      left: 0,
      wasteShare: 0.7,
    });
    expect(f.totals).toEqual({
      baked: 30,
      sold: 4,
      expired: 15,
      discarded: 11,
      left: 0,
      wasteShare: 26 / 30,
    });
    expect(f.orders).toEqual({
      placed: 5,
      completed: 2,
      rejected: 1,
      cancelled: 2,
      notFinal: 0,
      byReason: {
        completed: 2,
        'rejected:out-of-stock': 1,
        'cancelled:insufficient-funds': 1,
        'cancelled:payment-timeout': 1,
      },
    });
    expect(f.declines).toBe(1);
    expect(f.rejections).toBe(1);
    expect(f.revenue).toEqual({
      currency: 'AUD',
      orders: 2,
      gross: 2750,
      discounts: 400,
      refunds: 0,
      net: 2350,
    });
    expect(renderFigures(f).join('\n')).toContain('net 23.50');
  });

  it('says when the shelves and the orders disagree, or the buckets do not add up to what was baked', () => {
    const f = figures({
      products: [
        { productId: 'bread', baked: 10, sold: 4, expired: 0, discarded: 7, onShelf: 0 },
        { productId: 'donut', baked: 20, sold: 1, expired: 15, discarded: 2, onShelf: 2 },
      ],
    });
    expect(f.problems).toEqual([
      'bread: sold 4 + expired 0 + discarded 7 + left 0 ≠ baked 10',
      'bread: completed orders received 3, the shelves say 4 sold',
      'donut: 2 left after closing',
    ]);
    expect(
      figures({
        products: [
          { ...products[0], sold: 11, discarded: 0, expired: 0, onShelf: 0, baked: 10 },
          products[1],
        ],
      }).problems,
    ).toContain('bread: sold 11 > baked 10');
    expect(figures({ products: [products[0]] }).problems).toContain(
      'donut: handed over but not in the day report',
    );
  });

  it('says when the till disagrees with itself or with what the completed orders cost', () => {
    expect(figures({ takings: { ...takings, net: aud(2300) } }).problems).toEqual([
      'takings: net 2300 ≠ gross 2750 − discounts 400 − refunds 0',
      'takings: net 2300 ≠ 2350, what the completed orders cost',
    ]);
  });

  it('counts orders that never finished, and bare amounts as well as money objects', () => {
    const f = figures({
      orders: [...orders, { status: 'paid' }],
      takings: { currency: 'AUD', orders: 2, gross: 2750, discounts: 400, refunds: 0, net: 2350 },
    });
    expect(f.orders.notFinal).toBe(1);
    expect(f.revenue.net).toBe(2350);
    expect(f.problems).toEqual([]);
  });

  it('writes money in major units', () => {
    expect(money(12345)).toBe('123.45');
    expect(money(5)).toBe('0.05');
    expect(money(-250)).toBe('-2.50');
  });
});
