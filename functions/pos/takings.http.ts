import { z } from 'zod';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { dayQuery, localDateSchema, moneySchema } from '../../shared/http/schemas';
import type { PosDependencies } from './deps';
import { takingsOf } from './takings';
import { paymentsOfDay } from './takings-store';

export const takingsRoute = defineRoute({
  name: 'pos-takings-get',
  method: 'GET',
  route: 'pos/takings',
  auth: 'staff',
  summary: "A bakery day's takings at the till",
  description:
    'orders: charges the bank approved that bakery day; gross: their list prices; discounts: their closing discounts; refunds: refunds made that day; net = gross − discounts − refunds, which equals the movements of the bank’s takings account that day.',
  query: dayQuery,
  responses: {
    200: {
      body: z.object({
        date: localDateSchema,
        currency: z.string().regex(/^[A-Z]{3}$/),
        orders: z.int().min(0),
        gross: moneySchema,
        discounts: moneySchema,
        refunds: moneySchema,
        net: moneySchema,
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/** GET /api/pos/takings?date=YYYY-MM-DD (staff). */
export function getTakings({
  container,
  currency,
}: Pick<PosDependencies, 'container' | 'currency'>): RouteHandler<typeof takingsRoute> {
  return async ({ query: { date } }) => {
    const { approved, refunded } = await paymentsOfDay(await container(), date);
    const day = takingsOf(date, approved, refunded);
    const money = (amount: number) => ({ amount, currency });
    return {
      status: 200,
      body: {
        date,
        currency,
        orders: day.orders,
        gross: money(day.gross),
        discounts: money(day.discounts),
        refunds: money(day.refunds),
        net: money(day.net),
      },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
