import { randomUUID } from 'node:crypto';
import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type { BakeryConfig } from '../../shared/config';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { changeFeedOf } from '../../shared/messaging/change-feed';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { subscribe } from '../../shared/messaging/subscribe';
import type { SalesDependencies } from './deps';
import { onMenuItemChanged } from './menu.servicebus';
import { onPaymentRefunded, onPaymentSucceeded, toSaga } from './order-events.servicebus';
import {
  getOrder,
  getOrderRoute,
  getOrders,
  listOrdersRoute,
  placeOrderRoute,
  postOrder,
} from './orders.http';
import { startSaleFeed } from './sale-start.changefeed';
import { SALES_CONTAINER } from './sales-container';
import { SAGA_EVENTS } from './sell-order-decisions';
import { RECORD_STEP, SELL_ORDER, recordStepActivity, sellOrder } from './sell-order.orchestration';

/** The sales service's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = (bakery: BakeryConfig) => ({
  placeOrder: placeOrderRoute(bakery.sales),
  order: getOrderRoute,
  orders: listOrdersRoute,
});

/**
 * The sales person: POST /api/orders starts the `sell-order` saga per order (instance id = order
 * id), which reserves (products), charges (pos) and hands over (products) through events; the
 * `sales` container keeps each order's projection, updated with its events through the outbox.
 */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const deps: SalesDependencies = {
    container: () => store.container(SALES_CONTAINER),
    clock,
    limits: context.bakery.sales,
    seedProducts: context.bakery.products.map((p) => ({ id: p.id, name: p.name })),
    newId: randomUUID,
  };
  const verifier = context.verifier;
  const durableClient = [df.input.durableClient()];

  // Orders over HTTP
  registerRoute(placeOrderRoute(deps.limits), postOrder(deps), { verifier, extraInputs: durableClient });
  registerRoute(getOrderRoute, getOrder(deps), { verifier });
  registerRoute(listOrdersRoute, getOrders(deps), { verifier });

  // The saga and its one activity
  df.app.orchestration(SELL_ORDER, sellOrder);
  df.app.activity(RECORD_STEP, { handler: recordStepActivity(deps) });
  // The safety net of POST's start: its own lease prefix (not one starting with the relay's `sales-`).
  app.cosmosDB('sales-start-sale', {
    ...changeFeedOf({
      databaseName: context.databaseName,
      containerName: SALES_CONTAINER.name,
      leasePrefix: 'sale-start-',
    }),
    extraInputs: durableClient,
    handler: startSaleFeed(),
  });

  // What products, pos and menu say
  subscribe(
    'sales',
    'products',
    {
      'bakery.order.reserved.v1': toSaga(deps, SAGA_EVENTS.reserved),
      'bakery.order.reservation-failed.v1': toSaga(deps, SAGA_EVENTS.reservationFailed),
      'bakery.order.handed-over.v1': toSaga(deps, SAGA_EVENTS.handedOver),
    },
    { extraInputs: durableClient },
  );
  subscribe(
    'sales',
    'pos',
    {
      'bakery.payment.succeeded.v1': onPaymentSucceeded(deps),
      'bakery.payment.failed.v1': toSaga(deps, SAGA_EVENTS.paymentFailed),
      'bakery.payment.refunded.v1': onPaymentRefunded(deps),
    },
    { extraInputs: durableClient },
  );
  subscribe('sales', 'menu', { 'bakery.menu-item.changed.v1': onMenuItemChanged(deps) });

  registerOutboxRelay({
    service: 'sales',
    containerName: SALES_CONTAINER.name,
    partitionKeyPath: SALES_CONTAINER.partitionKeyPath,
    databaseName: context.databaseName,
    store,
    publisher,
  });
}
