import { json, type HttpHandler } from '../../shared/http';
import { loadMenuState } from './catalog-store';
import type { MenuDependencies } from './deps';
import { buildMenu } from './menu-view';
import { readWindow } from './window-store';

/** GET /api/menu (public): what can be bought now, at what price, how many. */
export function getMenu({ container, clock, bakery, calendar, discount }: MenuDependencies): HttpHandler {
  return async () => {
    const now = clock.now();
    const menu = await container();
    const [{ items, stock }, window] = await Promise.all([
      loadMenuState(menu, { products: bakery.products, currency: bakery.currency }, now),
      readWindow(menu, calendar.dayOf(now)),
    ]);
    // Prices and counts change by the second (discount, expiry): never cache.
    return json(200, buildMenu({ items, stock, window, calendar, discount, now }), {
      'cache-control': 'no-store',
    });
  };
}
