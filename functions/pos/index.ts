import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { subscribe } from '../../shared/messaging/subscribe';
import type { PosDependencies } from './deps';
import { onMenuItemChanged } from './menu-item.servicebus';
import { bankHandlers, salesHandlers } from './payment-events.servicebus';
import { POS_CONTAINER } from './pos-container';
import { getReceipt, receiptRoute } from './receipts.http';
import { getTakings, takingsRoute } from './takings.http';

/** The pos service's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = () => ({ receipt: receiptRoute, takings: takingsRoute });

/** Registers the point of sale: its price list, each order's payment and receipt, the day's takings. */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const deps: PosDependencies = {
    container: () => store.container(POS_CONTAINER),
    clock,
    calendar: context.calendar,
    closingDiscountMinutes: context.bakery.closingDiscountMinutes,
    currency: context.bakery.currency,
    products: context.bakery.products,
  };
  const verifier = { verifier: context.verifier };

  registerRoute(receiptRoute, getReceipt(deps), verifier);
  registerRoute(takingsRoute, getTakings(deps), verifier);
  subscribe('pos', 'menu', { 'bakery.menu-item.changed.v1': onMenuItemChanged(deps) });
  subscribe('pos', 'sales', salesHandlers(deps));
  subscribe('pos', 'bank', bankHandlers(deps));
  registerOutboxRelay({
    service: 'pos',
    containerName: POS_CONTAINER.name,
    partitionKeyPath: POS_CONTAINER.partitionKeyPath,
    databaseName: context.databaseName,
    store,
    publisher,
  });
}
