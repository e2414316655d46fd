import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { dayTotals, dayWindow } from './books';

/** The books' day totals: which movements count on which bakery day (pure). */
const sydney = BakeryCalendar.of({ timeZone: 'Australia/Sydney', opensAt: '07:00', closesAt: '17:00' });
const dayOf = (t: number) => sydney.dayOf(t);

describe('dayTotals', () => {
  const entries = [
    { type: 'deposit' as const, amount: 5000, at: '2026-12-01T01:00:00.000Z' },
    { type: 'charge' as const, amount: 800, at: '2026-12-01T01:00:00.000Z' },
    // 23:59 local on 1 December (UTC+11)
    { type: 'charge' as const, amount: 300, at: '2026-12-01T12:59:00.000Z' },
    // 00:30 local on 2 December, still 1 December in UTC
    { type: 'charge' as const, amount: 500, at: '2026-12-01T13:30:00.000Z' },
    { type: 'refund' as const, amount: 800, at: '2026-12-01T14:00:00.000Z' },
    { type: 'refund' as const, amount: 300, at: '2026-12-01T02:00:00.000Z' },
  ];

  it('counts charges on the bakery day they were approved and refunds on the day they were made', () => {
    expect(dayTotals(entries, '2026-12-01', dayOf)).toEqual({
      date: '2026-12-01',
      charges: 1100,
      refunds: 300,
      net: 800,
    });
    expect(dayTotals(entries, '2026-12-02', dayOf)).toEqual({
      date: '2026-12-02',
      charges: 500,
      refunds: 800,
      net: -300,
    });
  });

  it('is zero for a day without movements, and never counts deposits', () => {
    expect(dayTotals(entries, '2026-11-30', dayOf)).toEqual({
      date: '2026-11-30',
      charges: 0,
      refunds: 0,
      net: 0,
    });
    expect(dayTotals([entries[0]], '2026-12-01', dayOf).net).toBe(0);
  });
});

describe('dayWindow', () => {
  it('covers the whole local day in the furthest time zones either side of UTC', () => {
    const { from, to } = dayWindow('2026-12-01');
    // Kiritimati (UTC+14) starts the day first, Baker Island (UTC-12) ends it last.
    expect(from <= '2026-11-30T10:00:00.000Z').toBe(true);
    expect(to > '2026-12-02T11:59:59.999Z').toBe(true);
    // …and it is a window, not the whole ledger.
    expect(from > '2026-11-29T23:59:59.999Z').toBe(true);
    expect(to < '2026-12-03T00:00:00.000Z').toBe(true);
  });
});
