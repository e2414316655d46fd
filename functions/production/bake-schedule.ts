import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import type { Recipe } from './recipe';
import { MINUTE } from '../../shared/clock';

/**
 * The oven's slots. On a bakery day a product bakes at opening + k × bakeEveryMinutes (k = 0, 1, ...)
 * strictly before closing; nothing bakes outside opening hours. Every slot is decided once: baked or
 * written off as skipped; only slots after the oven's position (the last slot baked or skipped) and,
 * after an interval change, not before the change, are still open.
 *
 * After downtime the oven does what a bakery would (docs/decisions.md, Production): a slot is baked
 * only while it is due — from its time until the next slot of the grid, closing, or the moment its
 * items would expire, whichever comes first. So a tick bakes at most one batch per product, the one
 * due now; older open slots are skipped and recorded with their count, never baked late.
 */
export interface BakeDay {
  opening: number;
  closing: number;
}

/** A run of consecutive slots of one bakery day that were written off, never baked. */
export interface SkippedRun {
  /** Bakery-local date of the slots. */
  day: string;
  /** First and last slot of the run (epoch ms); both on the day's grid. */
  from: number;
  to: number;
  slots: number;
}

export type BakeDecision =
  | { type: 'bake'; slot: number; skipped: SkippedRun[] }
  | { type: 'skip'; skipped: SkippedRun[] }
  | { type: 'wait'; nextSlot: number | undefined };

function bakeDayOf(calendar: BakeryCalendar, day: string): BakeDay {
  return { opening: calendar.opening(day), closing: calendar.closing(day) };
}

const stepOf = (recipe: Recipe) => recipe.bakeEveryMinutes * MINUTE;

/** The newest slot decided (baked or skipped), or null on a fresh oven. */
export function ovenPosition(recipe: Recipe): number | null {
  const { lastBakedAt, skippedThrough } = recipe;
  if (lastBakedAt === null) return skippedThrough;
  return skippedThrough === null ? lastBakedAt : Math.max(lastBakedAt, skippedThrough);
}

/** The first slot of `day` at or after `from` that is still open (neither baked nor skipped). */
export function nextSlot(recipe: Recipe, day: BakeDay, from = day.opening): number | undefined {
  const step = stepOf(recipe);
  const position = ovenPosition(recipe);
  const earliest = Math.max(
    day.opening,
    from,
    position === null ? day.opening : position + 1,
    recipe.intervalSince ?? day.opening,
  );
  const slot = day.opening + Math.ceil((earliest - day.opening) / step) * step;
  return slot < day.closing ? slot : undefined;
}

/**
 * Until when `slot` may still be baked (exclusive): the next slot of the grid, closing, or the
 * moment its items expire — a batch that would be stale on arrival is never baked.
 */
export function dueUntil(recipe: Recipe, day: BakeDay, slot: number): number {
  const expires = recipe.shelfLifeMinutes === null ? day.closing : slot + recipe.shelfLifeMinutes * MINUTE;
  return Math.min(slot + stepOf(recipe), day.closing, expires);
}

/** The open slots of `day` from `first` up to `last` (both on the grid) as one skipped run. */
function run(recipe: Recipe, day: string, first: number, last: number): SkippedRun {
  return { day, from: first, to: last, slots: (last - first) / stepOf(recipe) + 1 };
}

/** The last slot of the grid at or before `t`, given a first open slot at or before it. */
function lastSlotUpTo(recipe: Recipe, day: BakeDay, first: number, t: number): number {
  const step = stepOf(recipe);
  const lastOfDay = day.opening + Math.ceil((day.closing - day.opening) / step - 1) * step;
  return Math.min(lastOfDay, first + Math.floor((t - first) / step) * step);
}

/** Today's open slots at `now`: the one due now (if any) and the older ones to write off. */
function today(recipe: Recipe, calendar: BakeryCalendar, now: number) {
  const date = calendar.dayOf(now);
  const day = bakeDayOf(calendar, date);
  const first = nextSlot(recipe, day);
  if (first === undefined || first > now) return { date, day, due: undefined, skipped: undefined };
  const last = lastSlotUpTo(recipe, day, first, now);
  const due = now < dueUntil(recipe, day, last) ? last : undefined;
  const lastSkipped = due === undefined ? last : last - stepOf(recipe);
  const skipped = lastSkipped >= first ? run(recipe, date, first, lastSkipped) : undefined;
  return { date, day, due, skipped };
}

/**
 * The open slots left on the oven's last day when that day is over: written off once a tick of a
 * later day sees them. Days in between on which the bakery did not run at all are not recorded.
 */
function unfinishedDay(recipe: Recipe, calendar: BakeryCalendar, today: string): SkippedRun | undefined {
  const position = ovenPosition(recipe);
  if (position === null) return undefined;
  const date = calendar.dayOf(position);
  if (date >= today) return undefined;
  const day = bakeDayOf(calendar, date);
  const first = nextSlot(recipe, day);
  if (first === undefined) return undefined;
  return run(recipe, date, first, lastSlotUpTo(recipe, day, first, day.closing));
}

/**
 * What the oven does for this product at `now`: bake the slot that is due now (writing off the open
 * slots before it), write off open slots whose time is past without baking anything, or wait.
 */
export function decideBake(recipe: Recipe, calendar: BakeryCalendar, now: number): BakeDecision {
  const current = today(recipe, calendar, now);
  const skipped = [unfinishedDay(recipe, calendar, current.date), current.skipped].filter(
    (r): r is SkippedRun => r !== undefined,
  );
  if (current.due !== undefined) return { type: 'bake', slot: current.due, skipped };
  if (skipped.length > 0) return { type: 'skip', skipped };
  return { type: 'wait', nextSlot: nextSlot(recipe, current.day, now) };
}

/**
 * When this product bakes next: the slot due now (if the tick has not baked it yet), else the next
 * slot of today's grid, or after the day's last slot the first slot of the next day (its opening).
 * Past open slots that are no longer due do not count: they will be skipped, not baked.
 */
export function nextBakeAt(recipe: Recipe, calendar: BakeryCalendar, now: number): number | null {
  const current = today(recipe, calendar, now);
  return (
    current.due ??
    nextSlot(recipe, current.day, now) ??
    nextSlot(recipe, bakeDayOf(calendar, BakeryCalendar.nextDay(current.date))) ??
    null
  );
}
