import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { ClosingDiscount } from './closing-discount';
import { MAX_CATCH_UP_DAYS, daysToCheck, nextWindowState } from './discount-window';
import { toIso } from '../../shared/clock';

const calendar = new BakeryCalendar({
  timeZone: 'Australia/Sydney',
  opensAt: '07:00',
  closesAt: '17:00',
});
const times = new ClosingDiscount(calendar, 30).window('2026-12-01');

describe('the closing-discount window', () => {
  it('runs from 30 minutes before closing to closing, bakery time', () => {
    expect(toIso(times.startsAt)).toBe('2026-12-01T05:30:00.000Z'); // 16:30 in Sydney (UTC+11)
    expect(toIso(times.endsAt)).toBe('2026-12-01T06:00:00.000Z');
  });
});

describe('nextWindowState', () => {
  it('has nothing to record before the window', () => {
    expect(nextWindowState(undefined, times, times.startsAt - 1)).toBeUndefined();
  });

  it('starts the window when first seen inside it', () => {
    expect(nextWindowState(undefined, times, times.startsAt)).toEqual({
      status: 'started',
      startedAt: toIso(times.startsAt),
    });
  });

  it('records a start only once', () => {
    expect(
      nextWindowState(
        { status: 'started', startedAt: toIso(times.startsAt) },
        times,
        times.startsAt + 60_000,
      ),
    ).toBeUndefined();
  });

  it('ends a started window at or after closing, keeping when it started', () => {
    expect(
      nextWindowState({ status: 'started', startedAt: toIso(times.startsAt) }, times, times.endsAt),
    ).toEqual({
      status: 'ended',
      startedAt: toIso(times.startsAt),
      endedAt: toIso(times.endsAt),
    });
  });

  it('starts and ends at once a window it only sees after closing (caught up late)', () => {
    const late = times.endsAt + 3 * 3600_000;
    expect(nextWindowState(undefined, times, late)).toEqual({
      status: 'ended',
      startedAt: toIso(late),
      endedAt: toIso(late),
    });
  });

  it('never changes an ended window', () => {
    expect(
      nextWindowState({ status: 'ended', startedAt: 'a', endedAt: 'b' }, times, times.endsAt + 1),
    ).toBeUndefined();
  });
});

describe('daysToCheck', () => {
  const started = (day: string) => ({ day, state: { status: 'started' as const, startedAt: 'x' } });
  const ended = (day: string) => ({ day, state: { status: 'ended' as const, startedAt: 'x', endedAt: 'y' } });

  it('starts from today when nothing was ever recorded', () => {
    expect(daysToCheck(undefined, '2026-12-01')).toEqual(['2026-12-01']);
  });

  it('has nothing to do once today has ended', () => {
    expect(daysToCheck(ended('2026-12-01'), '2026-12-01')).toEqual([]);
  });

  it('revisits a day still open and goes on through today', () => {
    expect(daysToCheck(started('2026-11-30'), '2026-12-01')).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('catches up the days missed after the last ended one, across a month end', () => {
    expect(daysToCheck(ended('2026-11-29'), '2026-12-02')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('catches up at most a week, but still closes a window left open before a long outage', () => {
    const days = daysToCheck(started('2026-11-01'), '2026-12-01');
    expect(days).toHaveLength(MAX_CATCH_UP_DAYS + 1);
    expect(days[0]).toBe('2026-11-01');
    expect(days.slice(1)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });
});
