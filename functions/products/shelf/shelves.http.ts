import type { HttpHandler, HttpRequest, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { requireRole, type TokenVerifier } from '../../../shared/auth';
import type { Clock } from '../../../shared/clock';
import type { ProductConfig } from '../../../shared/config';
import { handle, json } from '../../../shared/http';
import { emptyShelf, fefo, isSellable, summarize, type Shelf } from './shelf';
import { SHELF_ENTITY } from './shelf.entity';

export interface ShelvesViewDependencies {
  verifier: TokenVerifier;
  clock: Clock;
  products: readonly ProductConfig[];
}

/**
 * GET /api/products/shelves (staff): every shelf as its entity holds it, items in the order they
 * would be sold. `sellable` says whether a new order could take the item now: false when it is
 * reserved, or stale and waiting for the sweep. Needs the durable client as an extra input.
 */
export function getShelves({ verifier, clock, products }: ShelvesViewDependencies): HttpHandler {
  return handle(async (request: HttpRequest, context: InvocationContext) => {
    requireRole(await verifier.verifyRequest(request), 'staff');
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
    return json(200, { asOf: now, shelves }, { 'cache-control': 'no-store' });
  });
}
