import type { BakeryCalendar } from '../../../shared/time/bakery-calendar';
import { MINUTE } from '../../../shared/clock';

/*
 * The time slots the products timers work in. A timer may fire twice or late; each slot is done
 * once (its orchestration's instance id names the slot), and a late run does the slot's work as
 * of the time it runs, which catches up everything missed.
 */

/**
 * NCRONTAB for the stale sweep: every `minutes` when that divides an hour, else every minute
 * (the slot arithmetic below then decides when a new slot has begun).
 */
export function sweepSchedule(minutes: number): string {
  return minutes < 60 && 60 % minutes === 0 ? `0 */${minutes} * * * *` : '0 * * * * *';
}

/**
 * The sweep slot `t` falls in: slots start at opening and every `minutes` after. Outside opening
 * hours there is no slot: closing takes what is left, and nothing is for sale until opening.
 */
export function sweepSlot(calendar: BakeryCalendar, t: number, minutes: number): string | undefined {
  if (!calendar.isOpen(t)) return undefined;
  const opening = calendar.opening(calendar.dayOf(t));
  const period = minutes * MINUTE;
  return new Date(opening + Math.floor((t - opening) / period) * period).toISOString();
}

/** The most recent closing at or before `t`: the day that should be closed by now. */
export function lastClosing(calendar: BakeryCalendar, t: number): { day: string; closingAt: number } {
  const today = calendar.dayOf(t);
  const closing = calendar.closing(today);
  if (closing <= t) return { day: today, closingAt: closing };
  const yesterday = previousDay(today);
  return { day: yesterday, closingAt: calendar.closing(yesterday) };
}

export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A slot in instance ids: minute precision (`2026-11-30T20:15Z`), no characters a URL path would mind. */
export const slotId = (iso: string) => `${iso.slice(0, 16)}Z`;
