import { app } from '@azure/functions';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { bakeTick } from './bake-tick.timer';
import type { ProductionDependencies } from './dependencies';
import { PRODUCTION_CONTAINER, ProductionStore } from './production-store';
import { putRecipe, putRecipeRoute } from './recipe.http';
import { getProductionReport, getProductionReportRoute } from './report.http';
import { getSchedule, getScheduleRoute } from './schedule.http';

/** Every minute, at second 0 (NCRONTAB: second minute hour day month day-of-week). */
export const BAKE_TICK_SCHEDULE = '0 * * * * *';

/** Production's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = () => ({
  schedule: getScheduleRoute,
  recipe: putRecipeRoute,
  report: getProductionReportRoute,
});

/** Registers the production service: the bake tick, the staff endpoints and the outbox relay. */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const deps: ProductionDependencies = {
    // The store adapters open each container once and retry a failed open on the next call.
    production: () => ProductionStore.open(store),
    clock,
    calendar: context.calendar,
    products: context.bakery.products,
  };
  app.timer('production-bake-tick', { schedule: BAKE_TICK_SCHEDULE, handler: bakeTick(deps) });
  registerRoute(getScheduleRoute, getSchedule(deps), { verifier: context.verifier });
  registerRoute(putRecipeRoute, putRecipe(deps), { verifier: context.verifier });
  registerRoute(getProductionReportRoute, getProductionReport(deps), { verifier: context.verifier });
  registerOutboxRelay({
    service: 'production',
    containerName: PRODUCTION_CONTAINER.name,
    partitionKeyPath: PRODUCTION_CONTAINER.partitionKeyPath,
    databaseName: context.databaseName,
    store,
    publisher,
  });
}
