import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { nextBakeAt } from './bake-schedule';
import type { Recipe } from './recipe';

/** One product type as staff see it in GET /api/production/schedule (and after a recipe change). */
export interface ScheduleEntry {
  productId: string;
  bakeEveryMinutes: number;
  batchSize: number;
  shelfLifeMinutes: number | null;
  /** Next slot to bake; after the day's last slot, the next day's opening. */
  nextBakeAt: string | null;
  lastBakedAt: string | null;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export function scheduleEntry(recipe: Recipe, calendar: BakeryCalendar, now: number): ScheduleEntry {
  return {
    productId: recipe.productId,
    bakeEveryMinutes: recipe.bakeEveryMinutes,
    batchSize: recipe.batchSize,
    shelfLifeMinutes: recipe.shelfLifeMinutes,
    nextBakeAt: iso(nextBakeAt(recipe, calendar, now)),
    lastBakedAt: iso(recipe.lastBakedAt),
  };
}
