import { z } from 'zod';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema, localDateSchema, moneySchema } from '../../shared/http/schemas';
import type { MenuDependencies } from './deps';
import { menuNow } from './menu-push';

/** The menu as GET /api/menu answers it (MenuView). */
const menuSchema = z.object({
  asOf: instantSchema,
  day: localDateSchema.describe('The bakery day the menu describes'),
  open: z.boolean(),
  opensAt: instantSchema,
  closesAt: instantSchema,
  discountWindow: z
    .object({
      startsAt: instantSchema,
      endsAt: instantSchema,
      startedAt: instantSchema.optional().describe('When the discount-window timer saw the window open'),
      endedAt: instantSchema.optional().describe('When it saw the window close'),
    })
    .describe("The day's closing-discount window"),
  items: z.array(
    z.object({
      productId: z.string(),
      name: z.string(),
      description: z.string(),
      price: moneySchema,
      currentPrice: moneySchema.describe('The price now: with the closing discount while it runs'),
      discounted: z.boolean(),
      available: z.int().min(0).describe('How many can be bought now; 0 while the shop is closed'),
      closingDiscountPercent: z.int().min(0).max(100),
    }),
  ),
});

export const getMenuRoute = defineRoute({
  name: 'menu',
  method: 'GET',
  route: 'menu',
  auth: 'public',
  summary: 'What can be bought now, at what price, how many',
  responses: { 200: { body: menuSchema, headers: { 'Cache-Control': '`no-store`' } } },
});

/** GET /api/menu (public): what can be bought now, at what price, how many. */
export function getMenu(deps: MenuDependencies): RouteHandler<typeof getMenuRoute> {
  return async () => {
    // Prices and counts change by the second (discount, expiry): never cache.
    return {
      status: 200,
      body: await menuNow(deps),
      headers: { 'cache-control': 'no-store' },
    };
  };
}
