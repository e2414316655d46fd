import type { ProductConfig } from '../../shared/config';
import { conflict } from '../../shared/errors';
import type { BakeryEvent } from '../../shared/events';
import { outboxOperation } from '../../shared/messaging/outbox';
import { isStoreError, type Container, type DocumentStore, type Stored } from '../../shared/store/port';
import type { BatchBaked } from './batch';
import { seedRecipe, type Recipe } from './recipe';
import {
  RECIPE_ID,
  fromDocument,
  isSkipIndex,
  lastSkipped,
  skipOperations,
  toDocument,
  type BakeLogDocument,
  type RecipeDocument,
  type SkipLogDocument,
  type SkipToRecord,
  type VersionedRecipe,
} from './production-documents';

export type { SkipToRecord, VersionedRecipe } from './production-documents';

/** Production's one container: a recipe document and the bake log per product type. */
export const PRODUCTION_CONTAINER = { name: 'production', partitionKeyPath: '/productId' } as const;
const PK = 'productId';
/** Every bake tick also writes the recipe document; losing this many races in a row is not normal. */
const MAX_UPDATE_ATTEMPTS = 10;

/** One product's production of a bakery day, from its bake and skip logs. */
export interface ProductionDay {
  productId: string;
  batches: number;
  items: number;
  skippedBatches: number;
  skippedItems: number;
  skipped: Array<{ from: string; to: string; batches: number; items: number }>;
}

/**
 * `already-baked`: the slot is in the bake log; `stale`: the recipe changed since it was read (or
 * a skipped run was recorded by someone else meanwhile).
 */
export type BakeOutcome = 'baked' | 'already-baked' | 'stale';
export type SkipOutcome = 'skipped' | 'stale';

export class ProductionStore {
  private constructor(private readonly container: Container) {}

  static async open(store: DocumentStore): Promise<ProductionStore> {
    return new ProductionStore(await store.container(PRODUCTION_CONTAINER));
  }

  /** The product's recipe; created from the configuration on first use. */
  async recipe(product: ProductConfig): Promise<VersionedRecipe> {
    const stored = await this.container.read(RECIPE_ID, product.id);
    if (stored) return fromDocument(stored as Stored<RecipeDocument>);
    try {
      return fromDocument(
        (await this.container.create(toDocument(seedRecipe(product)))) as Stored<RecipeDocument>,
      );
    } catch (error) {
      if (!isStoreError(error, 'conflict')) throw error;
      // Seeded by a concurrent tick or request a moment ago.
      const seeded = await this.container.read(RECIPE_ID, product.id);
      if (!seeded) throw error;
      return fromDocument(seeded as Stored<RecipeDocument>);
    }
  }

  /**
   * Read-modify-write of the recipe with optimistic concurrency: the replace only lands on the
   * version that was read; when a tick or another change wrote in between (412), it starts over
   * from the fresh version, so neither write is lost.
   */
  async updateRecipe(product: ProductConfig, change: (recipe: Recipe) => Recipe): Promise<VersionedRecipe> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const { recipe, etag } = await this.recipe(product);
      try {
        return fromDocument(
          (await this.container.replace(toDocument(change(recipe)), {
            ifMatch: etag,
          })) as Stored<RecipeDocument>,
        );
      } catch (error) {
        if (!isStoreError(error, 'precondition-failed')) throw error;
      }
    }
    throw conflict(`The recipe of "${product.id}" kept changing; try again.`, 'BAKERY_CONCURRENT_UPDATE');
  }

  /**
   * Logs the batch and the runs written off before it, moves the recipe's oven position to it and
   * puts the event in the outbox, in one transactional batch: either the slot is baked and
   * announced (and the skips recorded), or nothing happened.
   */
  async recordBatch(
    versioned: VersionedRecipe,
    batch: BatchBaked,
    event: BakeryEvent<'bakery.batch.baked.v1'>,
    skipped: readonly SkipToRecord[] = [],
    now: number = Date.parse(batch.bakedAt),
  ): Promise<BakeOutcome> {
    const log: BakeLogDocument = {
      id: `bake:${batch.batchId}`,
      kind: 'bake',
      productId: batch.productId,
      batchId: batch.batchId,
      bakedAt: batch.bakedAt,
      expiresAt: batch.items[0].expiresAt,
      quantity: batch.items.length,
    };
    const moved: Recipe = {
      ...versioned.recipe,
      lastBakedAt: Date.parse(batch.bakedAt),
      lastBatchId: batch.batchId,
      skippedThrough: lastSkipped(versioned.recipe, skipped),
    };
    try {
      await this.container.batch(
        [
          { operationType: 'Create', resourceBody: log },
          {
            operationType: 'Replace',
            id: RECIPE_ID,
            resourceBody: toDocument(moved),
            ifMatch: versioned.etag,
          },
          ...skipOperations(versioned.recipe, skipped, now),
          outboxOperation(event, PK, batch.productId),
        ],
        batch.productId,
      );
      return 'baked';
    } catch (error) {
      if (!isStoreError(error, 'batch-failed')) throw error;
      if (error.operationIndex === 0 && error.statusCode === 409) return 'already-baked';
      if (error.operationIndex === 1 && error.statusCode === 412) return 'stale';
      if (isSkipIndex(error.operationIndex, 2, skipped) && error.statusCode === 409) return 'stale';
      throw error;
    }
  }

  /** Records runs written off with nothing to bake now, moving the oven position past them. */
  async recordSkips(
    versioned: VersionedRecipe,
    skipped: readonly SkipToRecord[],
    now: number,
  ): Promise<SkipOutcome> {
    const moved: Recipe = { ...versioned.recipe, skippedThrough: lastSkipped(versioned.recipe, skipped) };
    try {
      await this.container.batch(
        [
          {
            operationType: 'Replace',
            id: RECIPE_ID,
            resourceBody: toDocument(moved),
            ifMatch: versioned.etag,
          },
          ...skipOperations(versioned.recipe, skipped, now),
        ],
        versioned.recipe.productId,
      );
      return 'skipped';
    } catch (error) {
      if (!isStoreError(error, 'batch-failed')) throw error;
      if (error.operationIndex === 0 && error.statusCode === 412) return 'stale';
      if (isSkipIndex(error.operationIndex, 1, skipped) && error.statusCode === 409) return 'stale';
      throw error;
    }
  }

  /** What was baked and skipped on a bakery day (`opening`..`closing` are that day's hours). */
  async day(
    product: ProductConfig,
    day: { date: string; opening: number; closing: number },
  ): Promise<ProductionDay> {
    const [bakes, skips] = await Promise.all([
      this.container.query<BakeLogDocument>({
        partitionKey: product.id,
        where: [
          { field: 'kind', op: '=', value: 'bake' },
          { field: 'bakedAt', op: '>=', value: new Date(day.opening).toISOString() },
          { field: 'bakedAt', op: '<', value: new Date(day.closing).toISOString() },
        ],
      }),
      this.container.query<SkipLogDocument>({
        partitionKey: product.id,
        where: [
          { field: 'kind', op: '=', value: 'skip' },
          { field: 'day', op: '=', value: day.date },
        ],
      }),
    ]);
    const runs = skips
      .map(({ from, to, batches, items }) => ({ from, to, batches, items }))
      .sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    const sum = <T>(rows: T[], of: (row: T) => number) => rows.reduce((total, row) => total + of(row), 0);
    return {
      productId: product.id,
      batches: bakes.length,
      items: sum(bakes, (b) => b.quantity),
      skippedBatches: sum(runs, (r) => r.batches),
      skippedItems: sum(runs, (r) => r.items),
      skipped: runs,
    };
  }
}
