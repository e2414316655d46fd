import { z } from 'zod';
import { publishedBy } from '../define-event';
import { handedItems, itemId, orderId, productId, timestamp, userId } from '../payload-parts';

const event = publishedBy('products');

const itemIds = z.array(itemId).min(1);

export const productsEvents = {
  'bakery.stock.changed.v1': event({
    consumers: ['menu'],
    description: "A shelf's sellable count changed (baked, reserved, released, expired or discarded).",
    schema: z.object({
      productId,
      available: z.int().nonnegative(),
      asOf: timestamp,
      // Service Bus may deliver out of order; consumers keep the highest version they have seen.
      version: z.int().nonnegative().describe('Increases with every change of this shelf'),
      // Lets a reader count only what is still sellable at any moment, even between stale sweeps.
      expiries: z
        .array(z.object({ expiresAt: timestamp, count: z.int().positive() }))
        .describe('Sellable (unreserved) items grouped by expiry, soonest first; counts add up to available'),
    }),
    subjectOf: (data) => data.productId,
  }),
  'bakery.order.reserved.v1': event({
    consumers: ['sales'],
    description: 'Every line of an order is reserved on the shelves, oldest sellable items first.',
    schema: z.object({
      orderId,
      userId,
      items: z.array(z.object({ id: itemId, productId, expiresAt: timestamp })).min(1),
      reservedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.order.reservation-failed.v1': event({
    consumers: ['sales'],
    description:
      'An order could not be reserved; nothing stays reserved for it. `cancelled`: sales cancelled it before the reservation reached the shelves (no shortages).',
    schema: z.object({
      orderId,
      userId,
      reason: z.enum(['out-of-stock', 'invalid-order', 'cancelled']),
      shortages: z.array(
        z.object({ productId, requested: z.int().positive(), available: z.int().nonnegative() }),
      ),
      failedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.order.handed-over.v1': event({
    consumers: ['sales'],
    description: "A paid order's reserved items left the shelves and now belong to the customer.",
    schema: z.object({ orderId, userId, items: handedItems, handedOverAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.items.expired.v1': event({
    consumers: [],
    description: 'The stale sweep took expired items off sale (stock.changed carries the new count).',
    schema: z.object({ productId, itemIds, expiredAt: timestamp }),
    subjectOf: (data) => data.productId,
  }),
  'bakery.items.discarded.v1': event({
    consumers: [],
    description: 'At closing, the unsold items left on a shelf were thrown out.',
    schema: z.object({ productId, itemIds, discardedAt: timestamp }),
    subjectOf: (data) => data.productId,
  }),
};
