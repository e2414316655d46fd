import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import type { WindowTimes } from './closing-discount';
import { assertNever } from '../../shared/assert-never';

/**
 * The audit of each day's closing-discount window: when the timer saw it start and end. Prices
 * never depend on it (they come from the clock and the calendar, exact to the millisecond even
 * when a timer is late); the record shows when the bakery noticed, which a late timer makes visible.
 */
export type WindowState =
  { status: 'started'; startedAt: string } | { status: 'ended'; startedAt: string; endedAt: string };

/** How far back a timer that was down catches up; older windows are left unrecorded. */
export const MAX_CATCH_UP_DAYS = 7;

/** The state the record should move to at `now`, or undefined when nothing is due. */
export function nextWindowState(
  state: WindowState | undefined,
  times: WindowTimes,
  now: number,
): WindowState | undefined {
  const at = new Date(now).toISOString();
  if (now < times.startsAt) return undefined;
  const ended = now >= times.endsAt;
  if (!state)
    return ended ? { status: 'ended', startedAt: at, endedAt: at } : { status: 'started', startedAt: at };
  switch (state.status) {
    case 'started':
      return ended ? { status: 'ended', startedAt: state.startedAt, endedAt: at } : undefined;
    case 'ended':
      return undefined;
    default:
      return assertNever(state, 'unknown window state');
  }
}

/**
 * The days a run must look at: from the newest recorded day (again if its window has not ended,
 * else the day after) through today. With no record yet the timer starts from today; it never
 * invents history from before it first ran.
 */
export function daysToCheck(
  latest: { day: string; state: WindowState } | undefined,
  today: string,
): string[] {
  if (!latest || latest.day > today) return [today];
  const first = latest.state.status === 'ended' ? BakeryCalendar.nextDay(latest.day) : latest.day;
  const days: string[] = [];
  for (let day = first; day <= today; day = BakeryCalendar.nextDay(day)) days.push(day);
  if (days.length <= MAX_CATCH_UP_DAYS) return days;
  const recent = days.slice(-MAX_CATCH_UP_DAYS);
  // A window left open before a long outage is still closed, so the audit never shows it running.
  return latest.state.status === 'started' ? [latest.day, ...recent] : recent;
}
