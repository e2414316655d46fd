import { decideStock, sellableAt, type StockChanged } from './availability';

const T = Date.parse('2026-12-01T05:00:00Z');
const at = (offsetMinutes: number) => new Date(T + offsetMinutes * 60_000).toISOString();
const change = (version: number, expiries: StockChanged['expiries']): StockChanged => ({
  version,
  expiries,
  asOf: at(0),
});

describe('decideStock', () => {
  it('takes the first level it sees, whatever its version', () => {
    expect(decideStock(undefined, change(7, [{ expiresAt: at(10), count: 2 }]))).toEqual({
      kind: 'apply',
      level: { version: 7, expiries: [{ expiresAt: at(10), count: 2 }], asOf: at(0) },
    });
  });

  it('replaces a level only with a higher version', () => {
    const held = { version: 5, expiries: [], asOf: at(0) };
    expect(decideStock(held, change(6, [])).kind).toBe('apply');
    expect(decideStock(held, change(5, [{ expiresAt: at(1), count: 1 }]))).toEqual({
      kind: 'stale',
      heldVersion: 5,
    });
    expect(decideStock(held, change(4, [{ expiresAt: at(1), count: 1 }]))).toEqual({
      kind: 'stale',
      heldVersion: 5,
    });
  });
});

describe('sellableAt', () => {
  const level = {
    version: 1,
    asOf: at(0),
    expiries: [
      { expiresAt: at(5), count: 2 },
      { expiresAt: at(10), count: 3 },
    ],
  };

  it('counts every item that expires later than now', () => {
    expect(sellableAt(level, T)).toBe(5);
  });

  it('drops items at the very instant they expire, not a millisecond later', () => {
    expect(sellableAt(level, T + 5 * 60_000 - 1)).toBe(5);
    expect(sellableAt(level, T + 5 * 60_000)).toBe(3);
    expect(sellableAt(level, T + 10 * 60_000)).toBe(0);
  });

  it('is 0 for a shelf menu has not heard of', () => {
    expect(sellableAt(undefined, T)).toBe(0);
  });
});
