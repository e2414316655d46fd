import { createHash } from 'node:crypto';
import type { ContainerDefinition, Document } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import type { Order } from './order';

/**
 * The sales service's one Cosmos container, partitioned by customer (the user id): an order, the
 * markers of the saga steps already recorded for it, the customer's Idempotency-Keys, their
 * open-order count and the outbox and inbox records all share the customer's partition, so every
 * step and the event it causes commit in one transactional batch, and "my orders" is one partition.
 *
 * What is on sale (sales' own copy, from the configuration and menu-item.changed) lives in the
 * partition `_catalog`.
 */
export const SALES_CONTAINER: ContainerDefinition = { name: 'sales', partitionKeyPath: '/customerId' };
export const PARTITION_FIELD = 'customerId';
export const CATALOG_PARTITION = '_catalog';

/** A foreign string (an idempotency key) made safe and bounded as part of a document id. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

export type OrderDocument = Document &
  Order & {
    kind: 'order';
    /** `<placedAt>|<orderId>`: one sortable field for "newest first" (no composite index needed). */
    listKey: string;
  };
export const orderDocumentId = (orderId: string) => `order:${orderId}`;
export const listKeyOf = (order: Pick<Order, 'placedAt' | 'orderId'>) => `${order.placedAt}|${order.orderId}`;

/** A saga step already recorded for an order: its Create conflicts on a retried activity. */
export const stepDocumentId = (orderId: string, step: string) => `step:${orderId}:${step}`;

/** The customer's unfinished orders (placed, reserved, paid): at most `maxOpenOrders`, under ETag. */
export interface OpenOrdersDocument extends Document {
  id: typeof OPEN_ORDERS_ID;
  kind: 'open-orders';
  customerId: string;
  orderIds: string[];
}
export const OPEN_ORDERS_ID = 'open-orders';

/** An order's Idempotency-Key: the first answer, kept in the customer's partition. */
export interface IdempotencyDocument extends Document {
  kind: 'idempotency';
  customerId: string;
  fingerprint: string;
  orderId: string;
  /** Seconds; Cosmos DB deletes the record this long after its last write (real time). */
  ttl: number;
}
export const idempotencyDocumentId = (key: string) => `idempotency:${digest(key)}`;

/**
 * How long an order's Idempotency-Key is kept: twice the 24 hours promised, on Cosmos DB's real
 * clock (a key protects a person retrying a request; a sped-up bakery day must not forget it early).
 * The embedded store keeps it for ever.
 */
export const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;

/** A product sales knows is on sale, with the menu's version of it (a stale change never wins). */
export interface ProductDocument extends Document {
  kind: 'product';
  customerId: typeof CATALOG_PARTITION;
  productId: string;
  name: string;
  version: number;
}
export const productDocumentId = (productId: string) => `product:${productId}`;

/** A lost optimistic-concurrency race (412), or a Create that met a document written meanwhile (409). */
export function isLostRace(error: unknown): boolean {
  if (isStoreError(error, 'precondition-failed') || isStoreError(error, 'conflict')) return true;
  return isStoreError(error, 'batch-failed') && (error.statusCode === 412 || error.statusCode === 409);
}

/** True when the batch failed on its operation `operationIndex` because that document exists. */
export function isConflictAt(error: unknown, operationIndex: number): boolean {
  return (
    isStoreError(error, 'batch-failed') && error.operationIndex === operationIndex && error.statusCode === 409
  );
}

/** Read-modify-write attempts before giving up (an HTTP 503, or a message redelivered). */
export const MAX_ATTEMPTS = 20;
