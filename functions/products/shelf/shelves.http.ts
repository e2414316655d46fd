import * as df from 'durable-functions';
import { z } from 'zod';
import type { Clock } from '../../../shared/clock';
import type { ProductConfig } from '../../../shared/config';
import { defineRoute, type RouteHandler } from '../../../shared/http';
import { instantSchema } from '../../../shared/http/schemas';
import { emptyShelf, fefo, isSellable, summarize, type Shelf } from './shelf';
import { SHELF_ENTITY } from './shelf.entity';

export interface ShelvesViewDependencies {
  clock: Clock;
  products: readonly ProductConfig[];
}

const shelfSchema = z.object({
  productId: z.string(),
  name: z.string(),
  version: z.int().min(0).describe('Increases with every change of the items on the shelf'),
  available: z.int().min(0).describe('Items a new order could take now'),
  reserved: z.int().min(0),
  items: z
    .array(
      z.object({
        id: z.string().describe("The item's own product id (uuid)"),
        bakedAt: instantSchema,
        expiresAt: instantSchema,
        reserved: z.boolean(),
        orderId: z.string().optional().describe('The order holding the item, when reserved'),
        sellable: z.boolean().describe('Whether a new order could take the item now'),
      }),
    )
    .describe('In the order they would be sold: first to expire first'),
});

export const getShelvesRoute = defineRoute({
  name: 'products-shelves',
  method: 'GET',
  route: 'products/shelves',
  auth: 'staff',
  summary: 'Every shelf: on-shelf items with bake time, expiry, reserved or not',
  description: '`sellable` is false when the item is reserved, or stale and waiting for the sweep.',
  responses: {
    200: {
      body: z.object({ asOf: instantSchema, shelves: z.array(shelfSchema) }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/**
 * GET /api/products/shelves (staff): every shelf as its entity holds it, items in the order they
 * would be sold. `sellable` says whether a new order could take the item now: false when it is
 * reserved, or stale and waiting for the sweep. Needs the durable client as an extra input.
 */
export function getShelves({
  clock,
  products,
}: ShelvesViewDependencies): RouteHandler<typeof getShelvesRoute> {
  return async ({ context }) => {
    const client = df.getClient(context);
    const now = new Date(clock.now()).toISOString();
    const shelves = await Promise.all(
      products.map(async (product) => {
        const read = await client.readEntityState<Shelf>(new df.EntityId(SHELF_ENTITY, product.id));
        const shelf = read.entityExists && read.entityState ? read.entityState : emptyShelf(product.id);
        const { version, available } = summarize(shelf, now);
        const items = [...shelf.items].sort(fefo).map((item) => ({
          id: item.id,
          bakedAt: item.bakedAt,
          expiresAt: item.expiresAt,
          reserved: item.status === 'reserved',
          ...(item.status === 'reserved' ? { orderId: item.orderId } : {}),
          sellable: isSellable(item, now),
        }));
        return {
          productId: product.id,
          name: product.name,
          version,
          available,
          reserved: items.filter((i) => i.reserved).length,
          items,
        };
      }),
    );
    return { status: 200, body: { asOf: now, shelves }, headers: { 'cache-control': 'no-store' } };
  };
}
