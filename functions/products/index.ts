import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { subscribe } from '../../shared/messaging/subscribe';
import { getDayReport, getDayReportRoute } from './history/day-report.http';
import {
  HAND_OVER_ORDER,
  RELEASE_ORDER,
  handOverOrder,
  releaseOrder,
} from './orders/after-sale.orchestrations';
import { onOrderCancelled, onOrderPaid, onOrderPlaced } from './orders/order-events.servicebus';
import { RESERVE_ORDER, reserveOrder } from './orders/reserve-order.orchestration';
import { PUBLISH, RECORD_HISTORY, publishActivity, recordHistoryActivity } from './shelf/effects.activities';
import { SHELF_ENTITY, shelfEntity } from './shelf/shelf.entity';
import { getShelves, getShelvesRoute } from './shelf/shelves.http';
import { onBatchBaked } from './upkeep/batch-baked.servicebus';
import { sweepSchedule } from './upkeep/slots';
import {
  CLOSE_DAY,
  STOCK_BATCH,
  SWEEP_SHELVES,
  closeDay,
  stockBatch,
  sweepShelves,
} from './upkeep/upkeep.orchestrations';
import { CLOSING_SCHEDULE, closingTick, staleSweepTick } from './upkeep/upkeep.timers';

/** The products service's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = () => ({ shelves: getShelvesRoute, dayReport: getDayReportRoute });

/**
 * The products service: a Durable entity `shelf` per product type holds every on-shelf item and
 * its reservation (shelf/); orchestrations stock, sweep and close the shelves (upkeep/) and reserve,
 * hand over and release orders (orders/), publishing from activities; the `products` container keeps
 * each item's life (history/).
 */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const { bakery, calendar, verifier } = context;
  const productIds = bakery.products.map((p) => p.id);
  const durableClient = [df.input.durableClient()];

  // Shelves
  df.app.entity(SHELF_ENTITY, shelfEntity);
  df.app.activity(RECORD_HISTORY, { handler: recordHistoryActivity({ store, publisher, clock, calendar }) });
  df.app.activity(PUBLISH, { handler: publishActivity({ store, publisher, clock, calendar }) });
  registerRoute(getShelvesRoute, getShelves({ clock, products: bakery.products }), {
    verifier,
    extraInputs: durableClient,
  });

  // Upkeep: stock baked batches, sweep stale items, throw out at closing
  subscribe(
    'products',
    'production',
    { 'bakery.batch.baked.v1': onBatchBaked(productIds) },
    { extraInputs: durableClient },
  );
  df.app.orchestration(STOCK_BATCH, stockBatch({ productIds, calendar }));
  df.app.orchestration(SWEEP_SHELVES, sweepShelves({ productIds, calendar }));
  df.app.orchestration(CLOSE_DAY, closeDay({ productIds, calendar }));
  const upkeep = { clock, calendar, staleSweepMinutes: bakery.staleSweepMinutes };
  app.timer('products-stale-sweep', {
    schedule: sweepSchedule(bakery.staleSweepMinutes),
    extraInputs: durableClient,
    handler: staleSweepTick(upkeep),
  });
  app.timer('products-closing', {
    schedule: CLOSING_SCHEDULE,
    extraInputs: durableClient,
    handler: closingTick(upkeep),
  });

  // Orders: reserve all-or-nothing, hand over when paid, release when cancelled
  subscribe(
    'products',
    'sales',
    {
      'bakery.order.placed.v1': onOrderPlaced,
      'bakery.order.paid.v1': onOrderPaid,
      'bakery.order.cancelled.v1': onOrderCancelled,
    },
    { extraInputs: durableClient },
  );
  df.app.orchestration(RESERVE_ORDER, reserveOrder({ productIds, calendar }));
  df.app.orchestration(HAND_OVER_ORDER, handOverOrder({ productIds, calendar }));
  df.app.orchestration(RELEASE_ORDER, releaseOrder({ productIds, calendar }));

  // History: the staff day report
  registerRoute(getDayReportRoute, getDayReport({ store, productIds }), { verifier });
}
