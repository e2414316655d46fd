import type { Document, Stored } from '../../shared/store/port';
import type { SkippedRun } from './bake-schedule';
import type { Recipe } from './recipe';

/*
 * Production's documents as stored (one partition per product: the recipe, its bake log and its
 * skip log) and their mapping to the domain's Recipe. production-store.ts reads and writes them.
 */

export const RECIPE_ID = 'recipe';

/** A run to write off, with its first slot's batch id (the log document's key). */
export interface SkipToRecord extends SkippedRun {
  firstBatchId: string;
}

export interface VersionedRecipe {
  recipe: Recipe;
  etag: string;
}

export type Iso = string | null;

export interface RecipeDocument extends Document {
  kind: 'recipe';
  productId: string;
  bakeEveryMinutes: number;
  batchSize: number;
  shelfLifeMinutes: number | null;
  intervalSince: Iso;
  lastBakedAt: Iso;
  lastBatchId: string | null;
  /** Absent on documents written before skips were recorded. */
  skippedThrough?: Iso;
  changedAt: Iso;
  changedBy: string | null;
}

/** One line of the bake log; its id is the batch id, so a slot can be logged only once. */
export interface BakeLogDocument extends Document {
  kind: 'bake';
  productId: string;
  batchId: string;
  bakedAt: string;
  expiresAt: string;
  quantity: number;
}

/**
 * Slots written off on one day (a SkippedRun): id `skip:<batch id of its first slot>`, so a run is
 * recorded once. `items` is what those batches would have held with the batch size of the time.
 */
export interface SkipLogDocument extends Document {
  kind: 'skip';
  productId: string;
  day: string;
  from: string;
  to: string;
  batches: number;
  items: number;
  recordedAt: string;
}

/** Whether a failed batch operation is one of the skip-log creates (they start at `first`). */
export const isSkipIndex = (index: number | undefined, first: number, skipped: readonly unknown[]) =>
  index !== undefined && index >= first && index < first + skipped.length;

export function lastSkipped(recipe: Recipe, skipped: readonly SkippedRun[]): number | null {
  return skipped.reduce<number | null>(
    (last, run) => Math.max(last ?? run.to, run.to),
    recipe.skippedThrough,
  );
}

export function skipOperations(recipe: Recipe, skipped: readonly SkipToRecord[], now: number) {
  return skipped.map((run) => {
    const log: SkipLogDocument = {
      id: `skip:${run.firstBatchId}`,
      kind: 'skip',
      productId: recipe.productId,
      day: run.day,
      from: new Date(run.from).toISOString(),
      to: new Date(run.to).toISOString(),
      batches: run.slots,
      items: run.slots * recipe.batchSize,
      recordedAt: new Date(now).toISOString(),
    };
    return { operationType: 'Create' as const, resourceBody: log };
  });
}

const iso = (t: number | null): Iso => (t === null ? null : new Date(t).toISOString());
const ms = (t: Iso): number | null => (t === null ? null : Date.parse(t));

export function toDocument(recipe: Recipe): RecipeDocument {
  return {
    id: RECIPE_ID,
    kind: 'recipe',
    productId: recipe.productId,
    bakeEveryMinutes: recipe.bakeEveryMinutes,
    batchSize: recipe.batchSize,
    shelfLifeMinutes: recipe.shelfLifeMinutes,
    intervalSince: iso(recipe.intervalSince),
    lastBakedAt: iso(recipe.lastBakedAt),
    lastBatchId: recipe.lastBatchId,
    skippedThrough: iso(recipe.skippedThrough),
    changedAt: iso(recipe.changedAt),
    changedBy: recipe.changedBy,
  };
}

export function fromDocument(doc: Stored<RecipeDocument>): VersionedRecipe {
  return {
    etag: doc._etag,
    recipe: {
      productId: doc.productId,
      bakeEveryMinutes: doc.bakeEveryMinutes,
      batchSize: doc.batchSize,
      shelfLifeMinutes: doc.shelfLifeMinutes,
      intervalSince: ms(doc.intervalSince),
      lastBakedAt: ms(doc.lastBakedAt),
      lastBatchId: doc.lastBatchId,
      skippedThrough: ms(doc.skippedThrough ?? null),
      changedAt: ms(doc.changedAt),
      changedBy: doc.changedBy,
    },
  };
}
