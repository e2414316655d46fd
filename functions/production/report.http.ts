import { z } from 'zod';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { dayQuery, instantSchema, localDateSchema } from '../../shared/http/schemas';
import type { ProductionDependencies } from './dependencies';

const count = z.int().min(0);

export const getProductionReportRoute = defineRoute({
  name: 'production-report',
  method: 'GET',
  route: 'production/report',
  auth: 'staff',
  summary: 'What the oven baked and what it skipped on a bakery day, per product',
  description:
    'From the bake and skip logs: per product, the batches and items baked that day, and the slots written off because the bakery was down when they were due (never baked late, see docs/decisions.md), each run with its first and last slot.',
  query: dayQuery,
  responses: {
    200: {
      body: z.object({
        date: localDateSchema,
        products: z.array(
          z.object({
            productId: z.string(),
            batches: count.describe('Batches baked'),
            items: count.describe('Items baked'),
            skippedBatches: count.describe('Slots skipped: not baked because they were missed'),
            skippedItems: count.describe('Items those batches would have held'),
            skipped: z.array(
              z.object({
                from: instantSchema.describe('First slot of the run'),
                to: instantSchema.describe('Last slot of the run'),
                batches: count,
                items: count,
              }),
            ),
          }),
        ),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/** GET /api/production/report?date=YYYY-MM-DD (staff): baked and skipped batches of a day. */
export function getProductionReport(
  deps: ProductionDependencies,
): RouteHandler<typeof getProductionReportRoute> {
  return async ({ query: { date } }) => {
    const production = await deps.production();
    const day = { date, opening: deps.calendar.opening(date), closing: deps.calendar.closing(date) };
    const products = await Promise.all(deps.products.map((product) => production.day(product, day)));
    return { status: 200, body: { date, products }, headers: { 'cache-control': 'no-store' } };
  };
}
