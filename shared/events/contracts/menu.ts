import { z } from 'zod';
import { publishedBy } from '../define-event';
import { money, productId, timestamp } from '../payload-parts';

const event = publishedBy('menu');

export const menuEvents = {
  'bakery.menu-item.changed.v1': event({
    consumers: ['pos', 'sales'],
    description:
      "A menu item's name, price or closing discount changed; pos prices orders placed from effectiveFrom on with it; sales knows what is on sale.",
    schema: z.object({
      productId,
      name: z.string().min(1).max(100),
      description: z.string().max(1000),
      price: money,
      closingDiscountPercent: z.int().min(0).max(100),
      effectiveFrom: timestamp,
      version: z.int().nonnegative().describe('Increases with every change of this item'),
    }),
    subjectOf: (data) => data.productId,
  }),
};
