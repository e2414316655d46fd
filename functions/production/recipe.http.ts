import { notFound } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { productIdParams } from '../../shared/http/schemas';
import type { ProductionDependencies } from './dependencies';
import { changeRecipe, recipeChangeSchema } from './recipe';
import { scheduleEntry } from './schedule-entry';
import { scheduleEntrySchema } from './schedule.http';

export const putRecipeRoute = defineRoute({
  name: 'production-recipe-put',
  method: 'PUT',
  route: 'production/recipes/{productId}',
  auth: 'staff',
  summary: 'Change how often, how many and how long-lasting a product type is baked',
  description:
    'Any of bakeEveryMinutes, batchSize, shelfLifeMinutes, at least one, bounded like the bakery configuration. Later slots follow the new recipe; slots already baked are never baked again.',
  params: productIdParams,
  body: recipeChangeSchema,
  responses: { 200: { body: scheduleEntrySchema, description: 'The recipe as changed, with its next bake' } },
  errors: { 404: 'The bakery does not make this product.' },
});

/**
 * PUT /api/production/recipes/{productId} (staff): changes bakeEveryMinutes, batchSize and/or
 * shelfLifeMinutes. Later slots follow the new recipe; slots already baked are never baked again.
 */
export function putRecipe(deps: ProductionDependencies): RouteHandler<typeof putRecipeRoute> {
  return async ({ params, body: change, principal }) => {
    const product = deps.products.find((p) => p.id === params.productId);
    if (!product) throw notFound(`Product "${params.productId}"`);
    const production = await deps.production();
    const now = deps.clock.now();
    const saved = await production.updateRecipe(product, (recipe) =>
      changeRecipe(recipe, change, now, principal.userId),
    );
    return { status: 200, body: scheduleEntry(saved.recipe, deps.calendar, now) };
  };
}
