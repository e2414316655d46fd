import type { ProductConfig } from '../../shared/config';
import { conflict, BakeryError } from '../../shared/errors';
import { createBakeryEvent } from '../../shared/events/catalog';
import type { Clock } from '../../shared/clock';
import { outboxOperation } from '../../shared/messaging/outbox';
import type { Container, Stored } from '../../shared/store/port';
import type { StockLevel } from './availability';
import {
  applyEdit,
  ifMatchHolds,
  seedItem,
  type CatalogItem,
  type EditOutcome,
  type ItemEdit,
} from './catalog';
import {
  ITEM_ID,
  MAX_ATTEMPTS,
  PARTITION_FIELD,
  isLostRace,
  toCatalogItem,
  toItemDocument,
  type ItemDocument,
  type StockDocument,
} from './menu-container';

export interface CatalogSource {
  products: readonly ProductConfig[];
  currency: string;
}

/** Every configured product's item (seeded on first use) in config order, and every stock level. */
export async function loadMenuState(container: Container, source: CatalogSource, now: number) {
  const docs = await container.query<ItemDocument | StockDocument>({
    where: [{ field: 'kind', op: 'in', value: ['item', 'stock'] }],
  });
  const items = new Map<string, CatalogItem>();
  const stock = new Map<string, StockLevel>();
  for (const doc of docs) {
    if (doc.kind === 'item') items.set(doc.productId, toCatalogItem(doc));
    else stock.set(doc.productId, { version: doc.version, expiries: doc.expiries, asOf: doc.asOf });
  }
  const ordered: CatalogItem[] = [];
  for (const product of source.products) {
    ordered.push(
      items.get(product.id) ?? toCatalogItem(await seed(container, product, source.currency, now)),
    );
  }
  return { items: ordered, stock };
}

/** The stored item (with its store ETag), seeding it from the configuration if it is not there yet. */
export async function readItem(
  container: Container,
  product: ProductConfig,
  currency: string,
  now: number,
): Promise<Stored<ItemDocument>> {
  const found = await container.read(ITEM_ID, product.id);
  return found ? (found as Stored<ItemDocument>) : seed(container, product, currency, now);
}

async function seed(
  container: Container,
  product: ProductConfig,
  currency: string,
  now: number,
): Promise<Stored<ItemDocument>> {
  try {
    return (await container.create(toItemDocument(seedItem(product, currency, now)))) as Stored<ItemDocument>;
  } catch (error) {
    if (!isLostRace(error)) throw error;
    // Another request seeded it first: theirs is the item.
    return (await container.read(ITEM_ID, product.id)) as Stored<ItemDocument>;
  }
}

export interface EditRequest {
  product: ProductConfig;
  currency: string;
  edit: ItemEdit;
  /** The client's If-Match header, when it sent one. */
  ifMatch: string | undefined;
}

/**
 * Applies a staff edit with optimistic concurrency: the new item and its `menu-item.changed` event
 * commit together (outbox), or neither does; a lost race re-reads and re-applies the edit.
 */
export async function saveItemEdit(
  container: Container,
  request: EditRequest,
  clock: Clock,
): Promise<EditOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = clock.now();
    const stored = await readItem(container, request.product, request.currency, now);
    const current = toCatalogItem(stored);
    if (request.ifMatch !== undefined && !ifMatchHolds(request.ifMatch, current))
      throw preconditionFailed(current);
    const outcome = applyEdit(current, request.edit, now);
    if (outcome.kind === 'unchanged') return outcome;
    const item = outcome.item;
    const event = createBakeryEvent(
      'bakery.menu-item.changed.v1',
      {
        productId: item.productId,
        name: item.name,
        description: item.description,
        price: item.price,
        closingDiscountPercent: item.closingDiscountPercent,
        effectiveFrom: item.updatedAt,
        version: item.version,
      },
      // One event per item version: a retried write can never publish a version twice.
      { clock, id: `menu-item:${item.productId}:v${item.version}` },
    );
    try {
      await container.batch(
        [
          {
            operationType: 'Replace',
            id: ITEM_ID,
            resourceBody: toItemDocument(item),
            ifMatch: stored._etag,
          },
          outboxOperation(event, PARTITION_FIELD, item.productId),
        ],
        item.productId,
      );
      return outcome;
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
  throw conflict(
    `Menu item "${request.product.id}" is being changed by someone else; try again.`,
    'BAKERY_EDIT_CONFLICT',
  );
}

function preconditionFailed(current: CatalogItem): BakeryError {
  return new BakeryError({
    code: 'BAKERY_PRECONDITION_FAILED',
    status: 412,
    message: `Menu item "${current.productId}" has changed (now version ${current.version}); read it again and retry.`,
  });
}
