import { app } from '@azure/functions';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { subscribe } from '../../shared/messaging/subscribe';
import type { ServiceContext } from '../../shared/hosting/service-context';
import type { BakeryConfig } from '../../shared/config';
import { registerRoute } from '../../shared/http';
import type { MenuDependencies } from './deps';
import { ClosingDiscount } from './closing-discount';
import { discountWindowTick } from './discount-window.timer';
import { getItem, getItemRoute, putItem, putItemRoute } from './item.http';
import { MENU_CONTAINER } from './menu-container';
import { getMenu, getMenuRoute } from './menu.http';
import { onStockChanged } from './stock-changed.servicebus';

/** The menu's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = (bakery: BakeryConfig) => ({
  menu: getMenuRoute,
  item: getItemRoute,
  putItem: putItemRoute(bakery.currency),
});

/** Registers the menu service: catalog, availability and prices, fed only by events. */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const deps: MenuDependencies = {
    // The store adapters open each container once and retry a failed open on the next call.
    container: () => store.container(MENU_CONTAINER),
    clock,
    bakery: context.bakery,
    calendar: context.calendar,
    discount: new ClosingDiscount(context.calendar, context.bakery.closingDiscountMinutes),
    live: context.infrastructure.live,
  };

  registerRoute(getMenuRoute, getMenu(deps));
  registerRoute(getItemRoute, getItem(deps));
  registerRoute(putItemRoute(context.bakery.currency), putItem(deps), { verifier: context.verifier });
  subscribe('menu', 'products', { 'bakery.stock.changed.v1': onStockChanged(deps) });
  // Every minute on the minute: the window starts and ends on whole minutes of bakery time.
  app.timer('menu-discount-window', { schedule: '0 * * * * *', handler: discountWindowTick(deps) });
  registerOutboxRelay({
    service: 'menu',
    containerName: MENU_CONTAINER.name,
    partitionKeyPath: MENU_CONTAINER.partitionKeyPath,
    databaseName: context.databaseName,
    store,
    publisher,
  });
}
