import type { HttpRequest } from '@azure/functions';
import { requireRole } from '../../shared/auth';
import { handle, json } from '../../shared/http';
import type { ProductionDependencies } from './dependencies';
import { scheduleEntry } from './schedule-entry';

/** GET /api/production/schedule (staff): every product type's recipe and its next and last bake. */
export function getSchedule(deps: ProductionDependencies) {
  return handle(async (request: HttpRequest) => {
    requireRole(await deps.verifier.verifyRequest(request), 'staff');
    const production = await deps.production();
    const now = deps.clock.now();
    const recipes = await Promise.all(deps.products.map((product) => production.recipe(product)));
    const items = recipes.map(({ recipe }) => scheduleEntry(recipe, deps.calendar, now));
    return json(200, { asOf: new Date(now).toISOString(), items }, { 'cache-control': 'no-store' });
  });
}
