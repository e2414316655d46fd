import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { ClosingDiscount, closingDiscount, priceNow } from './closing-discount';

const aud = (amount: number) => ({ amount, currency: 'AUD' });

describe('closing discount', () => {
  it.each([
    [800, 50, 400],
    [350, 40, 140],
    [450, 30, 135],
    [400, 25, 100],
    [333, 50, 167], // 166.5 rounds half up: the customer gets the half cent
    [101, 50, 51], // 50.5 → 51
    [199, 33, 66], // 65.67 → 66
    [1, 49, 0], // 0.49 → 0
    [1, 50, 1], // 0.5 → 1
    [1_000_000, 100, 1_000_000],
    [999_999, 0, 0],
  ])('of %i cents at %i %% is %i cents', (amount, percent, discount) => {
    expect(closingDiscount(amount, percent)).toBe(discount);
  });

  it('is always whole cents and never more than the price', () => {
    for (let amount = 1; amount <= 500; amount += 7) {
      for (let percent = 0; percent <= 100; percent++) {
        const d = closingDiscount(amount, percent);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(amount);
      }
    }
  });
});

describe('price now', () => {
  it('is the full price outside the window', () => {
    expect(priceNow(aud(800), 50, false)).toEqual({ currentPrice: aud(800), discounted: false });
  });

  it('is the price minus the discount inside it, in the same currency', () => {
    expect(priceNow(aud(333), 50, true)).toEqual({ currentPrice: aud(166), discounted: true });
  });

  it('does not call a 0 % closing discount "discounted"', () => {
    expect(priceNow(aud(800), 0, true)).toEqual({ currentPrice: aud(800), discounted: false });
  });
});

describe('ClosingDiscount window', () => {
  const sydney = new BakeryCalendar({ timeZone: 'Australia/Sydney', opensAt: '07:00', closesAt: '17:00' });
  const discount = new ClosingDiscount(sydney, 30);

  it('runs the last 30 minutes before closing, bakery-local (AEDT in December)', () => {
    const { startsAt, endsAt } = discount.window('2026-12-01');
    expect(new Date(startsAt).toISOString()).toBe('2026-12-01T05:30:00.000Z');
    expect(new Date(endsAt).toISOString()).toBe('2026-12-01T06:00:00.000Z');
  });

  it('is on from its start (inclusive) to closing (exclusive)', () => {
    const close = sydney.closing('2026-12-01');
    expect(discount.isOn(close - 30 * 60_000 - 1)).toBe(false);
    expect(discount.isOn(close - 30 * 60_000)).toBe(true);
    expect(discount.isOn(close - 1)).toBe(true);
    expect(discount.isOn(close)).toBe(false);
  });
});
