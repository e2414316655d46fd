import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import type { Recipe } from './recipe';
import { MINUTE } from '../../shared/clock';

/**
 * The oven's slots. On a bakery day a product bakes at opening + k × bakeEveryMinutes (k = 0, 1, ...)
 * strictly before closing; nothing bakes outside opening hours. A slot is baked at most once: only
 * slots after the last one baked (and, after an interval change, not before the change) are due.
 * So a tick that fires twice finds nothing new, and a late tick bakes every slot it missed today.
 */
export interface BakeDay {
  opening: number;
  closing: number;
}

export type BakeDecision = { type: 'bake'; slot: number } | { type: 'wait'; nextSlot: number | undefined };

function bakeDayOf(calendar: BakeryCalendar, day: string): BakeDay {
  return { opening: calendar.opening(day), closing: calendar.closing(day) };
}

/** The first slot of `day` that has not been baked and is not ruled out by an interval change. */
export function nextSlot(recipe: Recipe, day: BakeDay): number | undefined {
  const step = recipe.bakeEveryMinutes * MINUTE;
  const earliest = Math.max(
    day.opening,
    recipe.lastBakedAt === null ? day.opening : recipe.lastBakedAt + 1,
    recipe.intervalSince ?? day.opening,
  );
  const slot = day.opening + Math.ceil((earliest - day.opening) / step) * step;
  return slot < day.closing ? slot : undefined;
}

/**
 * What the oven does for this product at `now`: bake the oldest due slot of today, or wait. Missed
 * slots are only caught up within the same bakery day: a batch for yesterday is never baked today.
 */
export function decideBake(recipe: Recipe, calendar: BakeryCalendar, now: number): BakeDecision {
  const slot = nextSlot(recipe, bakeDayOf(calendar, calendar.dayOf(now)));
  return slot !== undefined && slot <= now ? { type: 'bake', slot } : { type: 'wait', nextSlot: slot };
}

/**
 * When this product bakes next: the first unbaked slot of today (it may already be due if the tick
 * has not run yet), or, after the day's last slot, the first slot of the next day (its opening).
 */
export function nextBakeAt(recipe: Recipe, calendar: BakeryCalendar, now: number): number | null {
  const today = calendar.dayOf(now);
  return (
    nextSlot(recipe, bakeDayOf(calendar, today)) ??
    nextSlot(recipe, bakeDayOf(calendar, BakeryCalendar.nextDay(today))) ??
    null
  );
}
