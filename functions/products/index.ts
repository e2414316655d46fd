import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerDayReport } from './day-report.http';
import { subscribeToEvents } from './events.servicebus';
import { registerReserveOrder } from './reserve-order.orchestration';
import { registerSettleActivities } from './settle.activities';
import { registerSettleOrder } from './settle-order.orchestrations';
import { registerShelfEntity } from './shelf.entity';
import { registerShelvesView } from './shelves.http';
import { registerUpkeepTimers } from './shelf-upkeep.timers';
import { registerUpkeepOrchestrations } from './upkeep.orchestrations';

/**
 * The products service: a Durable entity `shelf` per product type holds every on-shelf item and
 * its reservation; orchestrations (one per batch, order step, sweep slot and closing day) drive the
 * shelves and publish from activities; the `products` container keeps each item's life.
 */
export function register(context: ServiceContext): void {
  const { infrastructure, bakery, calendar, verifier } = context;
  const productIds = bakery.products.map((p) => p.id);

  registerShelfEntity();
  registerSettleActivities({
    store: infrastructure.store,
    publisher: infrastructure.publisher,
    clock: infrastructure.clock,
    calendar,
  });
  registerUpkeepOrchestrations({ productIds, calendar });
  registerReserveOrder({ productIds, calendar });
  registerSettleOrder({ productIds, calendar });
  subscribeToEvents({ productIds });
  registerUpkeepTimers({
    clock: infrastructure.clock,
    calendar,
    staleSweepMinutes: bakery.staleSweepMinutes,
  });
  registerShelvesView({ verifier, clock: infrastructure.clock, products: bakery.products });
  registerDayReport({ verifier, store: infrastructure.store, productIds });
}
