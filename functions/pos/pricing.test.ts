import fc from 'fast-check';
import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import {
  closingDiscount,
  inClosingWindow,
  priceOrder,
  versionAt,
  type PriceVersion,
  type PricingInput,
} from './pricing';

/** Sydney, 07:00–17:00: 2026-12-01 closes at 06:00Z (UTC+11). */
const calendar = BakeryCalendar.of({ timeZone: 'Australia/Sydney', opensAt: '07:00', closesAt: '17:00' });
const CLOSING = Date.parse('2026-12-01T06:00:00Z');
const MINUTE = 60_000;
const NOON = Date.parse('2026-12-01T01:00:00Z');

const version = (over: Partial<PriceVersion> = {}): PriceVersion => ({
  productId: 'bread',
  name: 'Sourdough loaf',
  price: { amount: 800, currency: 'AUD' },
  closingDiscountPercent: 50,
  version: 0,
  effectiveFrom: Number.NEGATIVE_INFINITY,
  ...over,
});

const input = (over: Partial<PricingInput> = {}): PricingInput => ({
  lines: [{ productId: 'bread', quantity: 2 }],
  placedAt: NOON,
  priceList: new Map([['bread', [version()]]]),
  calendar,
  closingDiscountMinutes: 30,
  ...over,
});

const priced = (over: Partial<PricingInput> = {}) => {
  const outcome = priceOrder(input(over));
  if (outcome.kind !== 'priced') throw new Error(outcome.why);
  return outcome.order;
};

describe('the version in force', () => {
  const v0 = version();
  const v1 = version({ version: 1, price: { amount: 900, currency: 'AUD' }, effectiveFrom: NOON });
  const v2 = version({ version: 2, price: { amount: 950, currency: 'AUD' }, effectiveFrom: NOON + MINUTE });

  it('is the newest version whose effectiveFrom is not after placedAt (from inclusive)', () => {
    expect(versionAt([v0, v1, v2], NOON - 1)).toBe(v0);
    expect(versionAt([v0, v1, v2], NOON)).toBe(v1);
    expect(versionAt([v2, v0, v1], NOON + MINUTE - 1)).toBe(v1);
    expect(versionAt([v2, v1, v0], NOON + MINUTE)).toBe(v2);
  });

  it('does not depend on the order versions arrived in, and a stale version never wins', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([v0, v1, v2], { minLength: 3 }),
        fc.integer({ min: -10, max: 10 }),
        (vs, m) => {
          const t = NOON + m * MINUTE;
          expect(versionAt(vs, t)).toBe(versionAt([v0, v1, v2], t));
        },
      ),
    );
  });

  it('prices a change made after placedAt at the old price', () => {
    const order = priced({ priceList: new Map([['bread', [v0, v1]]]), placedAt: NOON - 1 });
    expect(order.lines[0]).toMatchObject({ listPrice: 800, version: 0 });
    expect(priced({ priceList: new Map([['bread', [v0, v1]]]) }).lines[0]).toMatchObject({ listPrice: 900 });
  });

  it('has nothing to price an unknown product with', () => {
    expect(priceOrder(input({ lines: [{ productId: 'cake', quantity: 1 }] }))).toEqual({
      kind: 'unpriceable',
      why: expect.stringContaining('cake'),
    });
  });
});

describe('the closing discount window', () => {
  it('starts inclusive and closes exclusive', () => {
    expect(inClosingWindow(calendar, 30, CLOSING - 30 * MINUTE - 1)).toBe(false);
    expect(inClosingWindow(calendar, 30, CLOSING - 30 * MINUTE)).toBe(true);
    expect(inClosingWindow(calendar, 30, CLOSING - 1)).toBe(true);
    expect(inClosingWindow(calendar, 30, CLOSING)).toBe(false);
  });

  it('gives the discount at the window’s start and not at closing', () => {
    expect(priced({ placedAt: CLOSING - 30 * MINUTE - 1 })).toMatchObject({ discount: 0, total: 1600 });
    expect(priced({ placedAt: CLOSING - 30 * MINUTE })).toMatchObject({ discount: 800, total: 800 });
    expect(priced({ placedAt: CLOSING })).toMatchObject({ discount: 0, total: 1600 });
  });

  it('rounds half up per unit, the menu’s rule', () => {
    expect(closingDiscount(333, 50)).toBe(167);
    expect(closingDiscount(1, 49)).toBe(0);
    const order = priced({
      placedAt: CLOSING - MINUTE,
      lines: [{ productId: 'bread', quantity: 3 }],
      priceList: new Map([['bread', [version({ price: { amount: 333, currency: 'AUD' } })]]]),
    });
    expect(order.lines[0]).toMatchObject({ listPrice: 333, discount: 167, unitPrice: 166, lineTotal: 498 });
    expect(order).toMatchObject({ gross: 999, discount: 501, total: 498 });
  });
});

describe('an order’s total (properties)', () => {
  const products = ['bread', 'donut', 'croissant'];
  const priceList = fc
    .tuple(
      ...products.map((productId) =>
        fc.record({
          productId: fc.constant(productId),
          name: fc.constant(productId),
          price: fc.record({ amount: fc.integer({ min: 1, max: 1_000_000 }), currency: fc.constant('AUD') }),
          closingDiscountPercent: fc.integer({ min: 0, max: 99 }),
          version: fc.constant(0),
          effectiveFrom: fc.constant(Number.NEGATIVE_INFINITY),
        }),
      ),
    )
    .map((vs) => new Map(vs.map((v) => [v.productId, [v]])));
  const lines = fc.array(
    fc.record({ productId: fc.constantFrom(...products), quantity: fc.integer({ min: 1, max: 20 }) }),
    { minLength: 1, maxLength: 20 },
  );
  const placedAt = fc.integer({ min: CLOSING - 12 * 60 * MINUTE, max: CLOSING + 60 * MINUTE });

  it('is Σ quantity × (list − discount), in whole cents; the discount is never above the price', () => {
    fc.assert(
      fc.property(priceList, lines, placedAt, (list, ls, t) => {
        const order = priced({ priceList: list, lines: ls, placedAt: t });
        const on = inClosingWindow(calendar, 30, t);
        let total = 0;
        ls.forEach((l, i) => {
          const v = list.get(l.productId)![0];
          const line = order.lines[i];
          const discount = on ? closingDiscount(v.price.amount, v.closingDiscountPercent) : 0;
          expect(line).toMatchObject({ listPrice: v.price.amount, discount, quantity: l.quantity });
          expect(line.discount).toBeGreaterThanOrEqual(0);
          expect(line.discount).toBeLessThanOrEqual(line.listPrice);
          expect(line.unitPrice).toBe(line.listPrice - line.discount);
          expect(line.lineTotal).toBe(l.quantity * (line.listPrice - line.discount));
          total += l.quantity * (v.price.amount - discount);
        });
        expect(order.total).toBe(total);
        expect(order.total).toBe(order.gross - order.discount);
        for (const n of [order.total, order.gross, order.discount])
          expect(Number.isSafeInteger(n)).toBe(true);
      }),
    );
  });

  it('never discounts more than the price at any percent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (amount, percent) => {
          const d = closingDiscount(amount, percent);
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(amount);
        },
      ),
    );
  });

  it('refuses an order that would cost nothing (a charge must be positive)', () => {
    const free = new Map([['bread', [version({ closingDiscountPercent: 100 })]]]);
    expect(priceOrder(input({ priceList: free, placedAt: CLOSING - MINUTE })).kind).toBe('unpriceable');
  });
});
