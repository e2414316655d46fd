import { z } from 'zod';
import { productConfigSchema, type ProductConfig } from '../../shared/config';

/**
 * How one product type is baked (staff may change it) and where its oven stands today. Both live
 * in one document per product so a bake and a recipe change cannot pass each other unseen: every
 * write is an ETag-checked replace of this document.
 */
export interface Recipe {
  productId: string;
  bakeEveryMinutes: number;
  batchSize: number;
  /** Minutes an item stays sellable; null = until closing on the day it was baked. */
  shelfLifeMinutes: number | null;
  /**
   * When bakeEveryMinutes last changed (epoch ms). Slots of the new grid before this instant are
   * never baked: the new interval applies "from then on", it does not invent missed bakes.
   */
  intervalSince: number | null;
  /** Slot time of the newest batch baked (epoch ms); later slots only are baked next. */
  lastBakedAt: number | null;
  lastBatchId: string | null;
  /**
   * Newest slot written off without baking (epoch ms): a slot missed by more than it was due, see
   * bake-schedule.ts. The oven's position is the later of this and lastBakedAt.
   */
  skippedThrough: number | null;
  /** Last staff change: when and by whom. */
  changedAt: number | null;
  changedBy: string | null;
}

/** The recipe a product starts with, from the bakery's configuration. */
export function seedRecipe(product: ProductConfig): Recipe {
  return {
    productId: product.id,
    bakeEveryMinutes: product.bakeEveryMinutes,
    batchSize: product.batchSize,
    shelfLifeMinutes: product.shelfLifeMinutes,
    intervalSince: null,
    lastBakedAt: null,
    lastBatchId: null,
    skippedThrough: null,
    changedAt: null,
    changedBy: null,
  };
}

const shape = productConfigSchema.shape;

/** A staff change: any of the three settings, bounded exactly like the configuration file. */
export const recipeChangeSchema = z
  .strictObject({
    bakeEveryMinutes: shape.bakeEveryMinutes.optional(),
    batchSize: shape.batchSize.optional(),
    shelfLifeMinutes: shape.shelfLifeMinutes.optional(),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), {
    message: 'Name at least one of bakeEveryMinutes, batchSize, shelfLifeMinutes.',
  });

export type RecipeChange = z.output<typeof recipeChangeSchema>;

/** Applies a staff change at `now`. Only a different interval moves the grid's start. */
export function changeRecipe(recipe: Recipe, change: RecipeChange, now: number, by: string): Recipe {
  const next: Recipe = { ...recipe, changedAt: now, changedBy: by };
  if (change.bakeEveryMinutes !== undefined && change.bakeEveryMinutes !== recipe.bakeEveryMinutes) {
    next.bakeEveryMinutes = change.bakeEveryMinutes;
    next.intervalSince = now;
  }
  if (change.batchSize !== undefined) next.batchSize = change.batchSize;
  if (change.shelfLifeMinutes !== undefined) next.shelfLifeMinutes = change.shelfLifeMinutes;
  return next;
}
