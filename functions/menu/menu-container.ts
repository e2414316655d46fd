import type { ContainerDefinition, Document } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import type { StockLevel } from './availability';
import type { CatalogItem } from './catalog';
import type { WindowState } from './discount-window';

/**
 * Menu's one Cosmos container, partitioned by product: each product's catalog item, its stock
 * level, the inbox of stock events and the outbox of menu events share a partition, so every
 * state change and its event or inbox record commit in one transactional batch.
 *
 * Discount-window records belong to the bakery day, not to a product: they live in the partition
 * `_calendar`, a key no product can have (product ids are lowercase slugs without `_`).
 */
export const MENU_CONTAINER: ContainerDefinition = { name: 'menu', partitionKeyPath: '/productId' };
export const PARTITION_FIELD = 'productId';
export const CALENDAR_PARTITION = '_calendar';

export const ITEM_ID = 'item';
export const STOCK_ID = 'stock';

export interface ItemDocument extends Document, CatalogItem {
  id: typeof ITEM_ID;
  kind: 'item';
}

export interface StockDocument extends Document, StockLevel {
  id: typeof STOCK_ID;
  kind: 'stock';
  productId: string;
  /** The event that set this level (for tracing). */
  eventId: string;
}

export interface WindowDocument extends Document {
  id: string;
  kind: 'discount-window';
  productId: typeof CALENDAR_PARTITION;
  day: string;
  startsAt: string;
  endsAt: string;
  state: WindowState;
}

export const windowDocumentId = (day: string) => `discount-window:${day}`;

export function toItemDocument(item: CatalogItem): ItemDocument {
  return { id: ITEM_ID, kind: 'item', ...item };
}

export function toCatalogItem(doc: ItemDocument): CatalogItem {
  const { productId, name, description, price, closingDiscountPercent, version, updatedAt } = doc;
  return { productId, name, description, price, closingDiscountPercent, version, updatedAt };
}

/** A lost optimistic-concurrency race (someone wrote between our read and our write). */
export function isLostRace(error: unknown, operationIndex?: number): boolean {
  if (isStoreError(error, 'precondition-failed') || isStoreError(error, 'conflict')) return true;
  return (
    isStoreError(error, 'batch-failed') &&
    (operationIndex === undefined || error.operationIndex === operationIndex) &&
    (error.statusCode === 412 || error.statusCode === 409)
  );
}

/** Read-modify-write attempts before giving up on a hot document. */
export const MAX_ATTEMPTS = 8;
