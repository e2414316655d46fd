import { z } from 'zod';
import { publishedBy } from '../define-event';
import { itemId, opaqueId, productId, timestamp } from '../payload-parts';

const event = publishedBy('production');

export const productionEvents = {
  'bakery.batch.baked.v1': event({
    consumers: ['products'],
    description: 'A batch came out of the oven; each item is its own product with its own id and expiry.',
    schema: z.object({
      productId,
      batchId: opaqueId,
      bakedAt: timestamp,
      items: z.array(z.object({ id: itemId, bakedAt: timestamp, expiresAt: timestamp })).min(1),
    }),
    subjectOf: (data) => data.batchId,
  }),
};
