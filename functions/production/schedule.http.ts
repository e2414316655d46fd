import { z } from 'zod';
import { productConfigSchema } from '../../shared/config';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema } from '../../shared/http/schemas';
import type { ProductionDependencies } from './dependencies';
import { scheduleEntry } from './schedule-entry';

const recipe = productConfigSchema.shape;

/** One product type's recipe and its next and last bake (ScheduleEntry). */
export const scheduleEntrySchema = z.object({
  productId: z.string(),
  bakeEveryMinutes: recipe.bakeEveryMinutes,
  batchSize: recipe.batchSize,
  shelfLifeMinutes: recipe.shelfLifeMinutes.describe('Minutes an item stays sellable; null = until closing'),
  nextBakeAt: instantSchema
    .nullable()
    .describe("Next slot to bake; after the day's last slot, the next opening"),
  lastBakedAt: instantSchema.nullable(),
});

export const getScheduleRoute = defineRoute({
  name: 'production-schedule',
  method: 'GET',
  route: 'production/schedule',
  auth: 'staff',
  summary: "Every product type's recipe and its next and last bake",
  responses: {
    200: {
      body: z.object({ asOf: instantSchema, items: z.array(scheduleEntrySchema) }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/** GET /api/production/schedule (staff): every product type's recipe and its next and last bake. */
export function getSchedule(deps: ProductionDependencies): RouteHandler<typeof getScheduleRoute> {
  return async () => {
    const production = await deps.production();
    const now = deps.clock.now();
    const recipes = await Promise.all(deps.products.map((product) => production.recipe(product)));
    const items = recipes.map(({ recipe }) => scheduleEntry(recipe, deps.calendar, now));
    return {
      status: 200,
      body: { asOf: new Date(now).toISOString(), items },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
