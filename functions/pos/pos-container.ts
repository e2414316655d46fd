import type { ContainerDefinition, Document } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import type { Payment } from './payment';

/**
 * pos's one Cosmos container, partitioned by order id: an order's payment record, the inbox of the
 * events applied to it and the outbox of the events it causes share a partition, so each step
 * commits in one transactional batch.
 *
 * The price list lives in the same container, one partition per product, keyed `price:<productId>`
 * in the orderId field. An order id is a UUID and a product id a slug, so no order can ever land in
 * a price partition; one partition per product keeps every version of an item together (read in
 * one partition-scoped query when pricing) and spreads the price list over as many partitions as
 * there are products, instead of one hot partition that every order would read.
 */
export const POS_CONTAINER: ContainerDefinition = { name: 'pos', partitionKeyPath: '/orderId' };
export const PARTITION_FIELD = 'orderId';

export const PAYMENT_ID = 'payment';

export const priceListPartition = (productId: string) => `price:${productId}`;
export const priceVersionId = (version: number) => `version:${version}`;

export type PaymentDocument = Document & Payment & { id: typeof PAYMENT_ID; kind: 'payment' };

/** One version of a menu item, as `menu-item.changed` told it (written once: Create). */
export interface PriceVersionDocument extends Document {
  kind: 'price';
  /** `price:<productId>`. */
  orderId: string;
  productId: string;
  name: string;
  price: { amount: number; currency: string };
  closingDiscountPercent: number;
  version: number;
  effectiveFrom: string;
}

/** A lost optimistic-concurrency race (412), or a Create that met a document made meanwhile (409). */
export function isLostRace(error: unknown): boolean {
  if (isStoreError(error, 'precondition-failed') || isStoreError(error, 'conflict')) return true;
  return isStoreError(error, 'batch-failed') && (error.statusCode === 412 || error.statusCode === 409);
}

/** Read-modify-write attempts before giving up (Service Bus then redelivers the message). */
export const MAX_ATTEMPTS = 20;
