import type { HttpRequest } from '@azure/functions';
import { requireRole } from '../../shared/auth';
import { notFound } from '../../shared/errors';
import { handle, json, readJson } from '../../shared/http';
import type { ProductionDependencies } from './dependencies';
import { changeRecipe, recipeChangeSchema } from './recipe';
import { scheduleEntry } from './schedule-entry';

/**
 * PUT /api/production/recipes/{productId} (staff): changes bakeEveryMinutes, batchSize and/or
 * shelfLifeMinutes. Later slots follow the new recipe; slots already baked are never baked again.
 */
export function putRecipe(deps: ProductionDependencies) {
  return handle(async (request: HttpRequest) => {
    const principal = await deps.verifier.verifyRequest(request);
    requireRole(principal, 'staff');
    const productId = request.params.productId;
    const product = deps.products.find((p) => p.id === productId);
    if (!product) throw notFound(`Product "${productId}"`);
    const change = await readJson(request, recipeChangeSchema);
    const production = await deps.production();
    const now = deps.clock.now();
    const saved = await production.updateRecipe(product, (recipe) =>
      changeRecipe(recipe, change, now, principal.userId),
    );
    return json(200, scheduleEntry(saved.recipe, deps.calendar, now));
  });
}
