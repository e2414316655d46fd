import {
  SHORT_SHARE,
  arrivalTimes,
  arrivalWeight,
  chooseBasket,
  chooseDeposit,
  minuteOfDay,
  seededRandom,
  type Offer,
} from './customers';

const OPENING = Date.parse('2026-11-30T20:00:00Z'); // 07:00 in Sydney
const CLOSING = Date.parse('2026-12-01T06:00:00Z'); // 17:00
const hours = { opening: OPENING, closing: CLOSING, opensAt: '07:00' };
const menu = (available: number[]): Offer[] =>
  ['bread', 'donut', 'croissant', 'baguette', 'muffin'].map((productId, i) => ({
    productId,
    available: available[i],
    currentPrice: 100 * (i + 1),
  }));

describe('seededRandom', () => {
  it('gives the same sequence for a seed, another for another seed, always in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(seededRandom(8)()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = first.reduce((s, x) => s + x, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('the arrival curve', () => {
  const opens = minuteOfDay('07:00');
  const closes = minuteOfDay('17:00');

  it('is 0 while the shop is shut and peaks in the morning and at lunch', () => {
    expect(arrivalWeight(opens - 1, opens, closes)).toBe(0);
    expect(arrivalWeight(closes, opens, closes)).toBe(0);
    const at = (t: string) => arrivalWeight(minuteOfDay(t), opens, closes);
    expect(at('08:00')).toBeGreaterThan(at('10:15'));
    expect(at('12:30')).toBeGreaterThan(at('10:15'));
    expect(at('12:30')).toBeGreaterThan(at('15:30'));
    expect(at('10:15')).toBeGreaterThan(0);
  });

  it('draws sorted arrivals inside opening hours, crowding the peaks, the same for the same seed', () => {
    const times = arrivalTimes(3000, hours, seededRandom(1));
    expect(times).toHaveLength(3000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t >= OPENING && t < CLOSING)).toBe(true);
    const inHour = (from: string) => {
      const start = OPENING + (minuteOfDay(from) - opens) * 60_000;
      return times.filter((t) => t >= start && t < start + 3_600_000).length;
    };
    // The hour around each peak holds far more than a quiet hour.
    expect(inHour('07:30')).toBeGreaterThan(2 * inHour('10:00'));
    expect(inHour('12:00')).toBeGreaterThan(2 * inHour('15:00'));
    expect(arrivalTimes(50, hours, seededRandom(1))).toEqual(arrivalTimes(50, hours, seededRandom(1)));
    expect(arrivalTimes(0, hours, seededRandom(1))).toEqual([]);
  });
});

describe('a basket', () => {
  it('holds 1–3 distinct products that are there, at most what is there, costed at current prices', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) {
      const offers = menu([5, 1, 0, 2, 9]);
      const basket = chooseBasket(offers, random, 20);
      const ids = basket.lines.map((l) => l.productId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(basket.lines.length).toBeGreaterThanOrEqual(1);
      expect(basket.lines.length).toBeLessThanOrEqual(3);
      for (const line of basket.lines) {
        const offer = offers.find((o) => o.productId === line.productId)!;
        expect(line.quantity).toBeGreaterThanOrEqual(1);
        if (!basket.wantsSoldOut || offer.available > 0)
          expect(line.quantity).toBeLessThanOrEqual(Math.min(3, offer.available));
        if (offer.available === 0) expect(basket.wantsSoldOut).toBe(true);
      }
      const cost = basket.lines.reduce(
        (s, l) => s + offers.find((o) => o.productId === l.productId)!.currentPrice * l.quantity,
        0,
      );
      expect(basket.cost).toBe(cost);
    }
  });

  it('sometimes asks for what has just run out, never when nothing has', () => {
    const random = seededRandom(4);
    const wishes = Array.from({ length: 1000 }, () => chooseBasket(menu([5, 0, 3, 3, 3]), random, 20)).filter(
      (b) => b.wantsSoldOut,
    );
    expect(wishes.length).toBeGreaterThan(60);
    expect(wishes.length).toBeLessThan(200);
    expect(wishes.every((b) => b.lines.some((l) => l.productId === 'donut'))).toBe(true);
    const none = Array.from({ length: 300 }, () => chooseBasket(menu([5, 5, 5, 5, 5]), random, 20));
    expect(none.some((b) => b.wantsSoldOut)).toBe(false);
  });

  it('with nothing on the shelves, still asks for something (and will be refused)', () => {
    const basket = chooseBasket(menu([0, 0, 0, 0, 0]), seededRandom(5), 20);
    expect(basket.wantsSoldOut).toBe(true);
    expect(basket.lines).toHaveLength(1);
  });

  it('keeps quantities within the sales limit', () => {
    const basket = chooseBasket(menu([50, 50, 50, 50, 50]), seededRandom(6), 1);
    expect(basket.lines.every((l) => l.quantity === 1)).toBe(true);
  });
});

describe('a deposit', () => {
  it('covers the basket for most, falls short for about SHORT_SHARE, never above the bank limit', () => {
    const random = seededRandom(9);
    const deposits = Array.from({ length: 2000 }, () => chooseDeposit(1000, random, 100_000));
    const short = deposits.filter((d) => d.short);
    expect(short.length / deposits.length).toBeGreaterThan(SHORT_SHARE - 0.04);
    expect(short.length / deposits.length).toBeLessThan(SHORT_SHARE + 0.04);
    expect(short.every((d) => d.amount < 1000 && d.amount >= 100)).toBe(true);
    expect(deposits.filter((d) => !d.short).every((d) => d.amount >= 1000)).toBe(true);
    expect(chooseDeposit(500_000, seededRandom(1), 100_000).amount).toBeLessThanOrEqual(100_000);
  });
});
