import { BakeryCalendar } from './bakery-calendar';
import { parseZonedTime } from './zoned-time';

const sydney = new BakeryCalendar({
  timeZone: 'Australia/Sydney',
  opensAt: '07:00',
  closesAt: '17:00',
});

describe('BakeryCalendar', () => {
  it('places opening and closing in the bakery time zone (Sydney is UTC+11 in December)', () => {
    expect(new Date(sydney.opening('2026-12-01')).toISOString()).toBe('2026-11-30T20:00:00.000Z');
    expect(new Date(sydney.closing('2026-12-01')).toISOString()).toBe('2026-12-01T06:00:00.000Z');
  });

  it('knows the local day of an instant, across the UTC date line', () => {
    expect(sydney.dayOf(Date.parse('2026-11-30T20:00:00Z'))).toBe('2026-12-01');
    expect(sydney.localTime(Date.parse('2026-11-30T20:05:00Z'))).toBe('2026-12-01T07:05');
  });

  it('is open from opening (inclusive) to closing (exclusive)', () => {
    const open = sydney.opening('2026-12-01');
    const close = sydney.closing('2026-12-01');
    expect(sydney.isOpen(open - 1)).toBe(false);
    expect(sydney.isOpen(open)).toBe(true);
    expect(sydney.isOpen(close - 1)).toBe(true);
    expect(sydney.isOpen(close)).toBe(false);
  });

  it('handles the daylight-saving change (Sydney moves to UTC+11 on 2026-10-04)', () => {
    expect(new Date(sydney.opening('2026-10-03')).toISOString()).toBe('2026-10-02T21:00:00.000Z');
    expect(new Date(sydney.opening('2026-10-05')).toISOString()).toBe('2026-10-04T20:00:00.000Z');
  });

  it('steps to the next local day across month ends', () => {
    expect(BakeryCalendar.nextDay('2026-12-31')).toBe('2027-01-01');
  });

  it('reads a local time that happens twice as its first occurrence, and one that never happens as after the gap', () => {
    expect(new Date(parseZonedTime('2026-04-05T02:30', 'Australia/Sydney')).toISOString()).toBe(
      '2026-04-04T15:30:00.000Z',
    );
    // Santiago skips 00:00–01:00 on 2026-09-06: midnight opens at 01:00 local (UTC-3).
    expect(new Date(parseZonedTime('2026-09-06T00:00', 'America/Santiago')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });
});
