import type { ProductConfig } from '../../shared/config';
import { conflict } from '../../shared/errors';
import type { BakeryEvent } from '../../shared/events';
import { outboxOperation } from '../../shared/messaging/outbox';
import {
  isStoreError,
  type Container,
  type Document,
  type DocumentStore,
  type Stored,
} from '../../shared/store/port';
import type { BatchBaked } from './batch';
import { seedRecipe, type Recipe } from './recipe';

/** Production's one container: a recipe document and the bake log per product type. */
export const PRODUCTION_CONTAINER = { name: 'production', partitionKeyPath: '/productId' } as const;
const PK = 'productId';
const RECIPE_ID = 'recipe';
/** Every bake tick also writes the recipe document; losing this many races in a row is not normal. */
const MAX_UPDATE_ATTEMPTS = 10;

type Iso = string | null;

interface RecipeDocument extends Document {
  kind: 'recipe';
  productId: string;
  bakeEveryMinutes: number;
  batchSize: number;
  shelfLifeMinutes: number | null;
  intervalSince: Iso;
  lastBakedAt: Iso;
  lastBatchId: string | null;
  changedAt: Iso;
  changedBy: string | null;
}

/** One line of the bake log; its id is the batch id, so a slot can be logged only once. */
interface BakeLogDocument extends Document {
  kind: 'bake';
  productId: string;
  batchId: string;
  bakedAt: string;
  expiresAt: string;
  quantity: number;
}

export interface VersionedRecipe {
  recipe: Recipe;
  etag: string;
}

/** `already-baked`: the slot is in the bake log; `stale`: the recipe changed since it was read. */
export type BakeOutcome = 'baked' | 'already-baked' | 'stale';

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
   * Logs the batch, moves the recipe's oven position to it and puts the event in the outbox, in
   * one transactional batch: either the slot is baked and announced, or nothing happened.
   */
  async recordBatch(
    versioned: VersionedRecipe,
    batch: BatchBaked,
    event: BakeryEvent<'bakery.batch.baked.v1'>,
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
          outboxOperation(event, PK, batch.productId),
        ],
        batch.productId,
      );
      return 'baked';
    } catch (error) {
      if (!isStoreError(error, 'batch-failed')) throw error;
      if (error.operationIndex === 0 && error.statusCode === 409) return 'already-baked';
      if (error.operationIndex === 1 && error.statusCode === 412) return 'stale';
      throw error;
    }
  }
}

const iso = (t: number | null): Iso => (t === null ? null : new Date(t).toISOString());
const ms = (t: Iso): number | null => (t === null ? null : Date.parse(t));

function toDocument(recipe: Recipe): RecipeDocument {
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
    changedAt: iso(recipe.changedAt),
    changedBy: recipe.changedBy,
  };
}

function fromDocument(doc: Stored<RecipeDocument>): VersionedRecipe {
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
      changedAt: ms(doc.changedAt),
      changedBy: doc.changedBy,
    },
  };
}
