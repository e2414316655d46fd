import { app } from '@azure/functions';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { subscribe } from '../../shared/messaging/subscribe';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { handle } from '../../shared/http';
import type { MenuDependencies } from './deps';
import { ClosingDiscount } from './closing-discount';
import { discountWindowTick } from './discount-window.timer';
import { getItem, putItem } from './item.http';
import { MENU_CONTAINER } from './menu-container';
import { getMenu } from './menu.http';
import { onStockChanged } from './stock-changed.servicebus';

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
    verifier: context.verifier,
  };

  app.http('menu', {
    methods: ['GET'],
    route: 'menu',
    authLevel: 'anonymous',
    handler: handle(getMenu(deps)),
  });
  app.http('menu-item-get', {
    methods: ['GET'],
    route: 'menu/items/{productId}',
    authLevel: 'anonymous',
    handler: handle(getItem(deps)),
  });
  app.http('menu-item-put', {
    methods: ['PUT'],
    route: 'menu/items/{productId}',
    authLevel: 'anonymous',
    handler: handle(putItem(deps)),
  });
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
