import type { MenuItem } from './api';
import { basketLines, basketTotal, fitBasket, MAX_PER_PRODUCT, pickLimit } from './basket';
import { addSample, sampleOf, type FloorSample } from './floor-series';
import { nextBackoff, parseLiveMessage } from './live';
import { formatMoney, parseMajorUnits, plainAmountMessage } from './money';
import { isFinal, stepStates } from './order-steps';

const aud = (amount: number) => ({ amount, currency: 'AUD' });
const item = (productId: string, available: number, cents = 450): MenuItem => ({
  productId,
  name: productId,
  description: '',
  price: aud(cents),
  currentPrice: aud(cents),
  discounted: false,
  available,
});

describe('money', () => {
  it.each([
    ['20', 2000],
    ['12.5', 1250],
    ['12.50', 1250],
    ['$7.05', 705],
    ['1,000', 100000],
    [' 0.01 ', 1],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseMajorUnits(text)).toEqual({ ok: true, cents });
  });

  it.each(['', '0', '0.00', '-5', '12.345', 'abc', '1e3', '12..5', '١٢'])(
    'refuses %j before sending',
    (text) => {
      expect(parseMajorUnits(text).ok).toBe(false);
    },
  );

  it('formats minor units in the currency, and turns the bank’s cents into plain words', () => {
    expect(formatMoney(aud(123456))).toBe('$1,234.56');
    expect(plainAmountMessage('must be at most 100000 cents', 'AUD')).toBe(
      'The most you can add at once is $1,000.00.',
    );
    expect(plainAmountMessage('must be an integer', 'AUD')).toContain('must be an integer');
  });
});

describe('basket', () => {
  it('limits a pick to what is available and to the per-product limit', () => {
    expect(pickLimit(item('a', 3))).toBe(3);
    expect(pickLimit(item('a', 500))).toBe(MAX_PER_PRODUCT);
    expect(pickLimit(item('a', 0))).toBe(0);
  });

  it('cuts the basket back when the menu has fewer now, and drops what is gone', () => {
    const { basket, trimmed } = fitBasket({ a: 5, b: 2, gone: 1 }, [item('a', 3), item('b', 10)]);
    expect(basket).toEqual({ a: 3, b: 2 });
    expect(trimmed).toEqual(['a', 'gone']);
    expect(fitBasket({ a: 2 }, [item('a', 2)]).trimmed).toEqual([]);
  });

  it('totals the lines at current prices, in menu order', () => {
    const lines = basketLines({ b: 2, a: 1 }, [item('a', 9, 450), item('b', 9, 800)]);
    expect(lines.map((l) => [l.item.productId, l.quantity, l.lineTotal.amount])).toEqual([
      ['a', 1, 450],
      ['b', 2, 1600],
    ]);
    expect(basketTotal(lines)).toEqual(aud(2050));
    expect(basketTotal([])).toBeUndefined();
  });
});

describe('order steps', () => {
  it('shows how far an order got, and where it stopped', () => {
    expect(stepStates(undefined)).toEqual(['current', 'pending', 'pending', 'pending']);
    expect(stepStates('placed')).toEqual(['done', 'current', 'pending', 'pending']);
    expect(stepStates('paid')).toEqual(['done', 'done', 'done', 'current']);
    expect(stepStates('completed')).toEqual(['done', 'done', 'done', 'done']);
    expect(stepStates('rejected')).toEqual(['done', 'failed', 'pending', 'pending']);
    expect(stepStates('cancelled')).toEqual(['done', 'done', 'failed', 'pending']);
    expect(['placed', 'reserved', 'paid'].map((s) => isFinal(s as never))).toEqual([false, false, false]);
    expect(['completed', 'rejected', 'cancelled'].map((s) => isFinal(s as never))).toEqual([
      true,
      true,
      true,
    ]);
  });
});

describe('live messages', () => {
  it('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 8; i++) delays.push((d = nextBackoff(d)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('takes the two message types and ignores anything else', () => {
    expect(
      parseLiveMessage(JSON.stringify({ type: 'order.updated', orderId: 'o1', status: 'paid' })),
    ).toEqual({
      type: 'order.updated',
      orderId: 'o1',
      status: 'paid',
    });
    expect(parseLiveMessage(JSON.stringify({ type: 'menu.changed', asOf: 'x', items: [] }))?.type).toBe(
      'menu.changed',
    );
    for (const junk of [
      'not json',
      '{}',
      '{"type":"order.updated"}',
      '{"type":"menu.changed"}',
      '[]',
      'null',
    ])
      expect(parseLiveMessage(junk)).toBeUndefined();
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeUndefined();
  });
});

describe('the floor chart series', () => {
  const report = (baked: number, sold: number) => ({
    date: '2026-12-01',
    products: [
      { productId: 'a', baked, sold, expired: 1, discarded: 0, onShelf: 0 },
      { productId: 'b', baked: 2, sold: 1, expired: 0, discarded: 1, onShelf: 0 },
    ],
  });
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 20, minute)).toISOString();

  it('sums the products and takes net takings in major units (null without the point of sale)', () => {
    const takings = {
      date: '',
      currency: 'AUD',
      orders: 1,
      gross: aud(0),
      discounts: aud(0),
      refunds: aud(0),
      net: aud(1250),
    };
    expect(sampleOf(at(0), report(10, 4), takings)).toMatchObject({
      baked: 12,
      sold: 5,
      expired: 1,
      discarded: 1,
      takings: 12.5,
    });
    expect(sampleOf(at(0), report(10, 4), undefined).takings).toBeNull();
  });

  it('keeps time order and folds a run of unchanged samples into one flat stretch', () => {
    let series: FloorSample[] = [];
    for (const [minute, sold] of [
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
    ] as const)
      series = addSample(series, sampleOf(at(minute), report(10, sold), undefined));
    expect(series.map((s) => [s.t, s.sold])).toEqual([
      [Date.parse(at(0)) / 1000, 2],
      [Date.parse(at(3)) / 1000, 2],
      [Date.parse(at(4)) / 1000, 3],
    ]);
    // An older sample (a slow answer overtaken by a newer one) is not drawn backwards.
    expect(addSample(series, sampleOf(at(1), report(99, 0), undefined))).toEqual(series);
  });
});
