import { z } from 'zod';
import { defineRoute, type RouteHandler } from '../../../shared/http';
import { dayQuery, localDateSchema } from '../../../shared/http/schemas';
import type { DocumentStore } from '../../../shared/store/port';
import { dayReport } from './day-report';
import { openHistory } from './history-store';

const count = z.int().min(0);

export const getDayReportRoute = defineRoute({
  name: 'products-day-report',
  method: 'GET',
  route: 'products/report',
  auth: 'staff',
  summary: 'Where the items baked on a bakery day ended up, per product',
  description:
    'From the item histories: per product, how many items baked that day were sold, expired, discarded, or are still on the shelf.',
  query: dayQuery,
  responses: {
    200: {
      body: z.object({
        date: localDateSchema,
        products: z.array(
          z.object({
            productId: z.string(),
            baked: count,
            sold: count,
            expired: count,
            discarded: count,
            onShelf: count.describe('Still on the shelf or reserved: only before the day is closed'),
          }),
        ),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/**
 * GET /api/products/report?date=YYYY-MM-DD (staff): the day report from the item histories — per
 * product, how many items baked that day were sold, expired, discarded, or are still on the shelf.
 */
export function getDayReport({
  store,
  productIds,
}: {
  store: DocumentStore;
  productIds: readonly string[];
}): RouteHandler<typeof getDayReportRoute> {
  return async ({ query: { date } }) => {
    const history = await openHistory(store);
    const items = await Promise.all(
      productIds.map((productId) =>
        history.query({
          partitionKey: productId,
          where: [
            { field: 'kind', op: '=', value: 'item' },
            { field: 'bakedOn', op: '=', value: date },
          ],
        }),
      ),
    );
    return {
      status: 200,
      body: { date, products: dayReport(productIds, items.flat()) },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
