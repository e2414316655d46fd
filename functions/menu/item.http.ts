import { requireRole } from '../../shared/auth';
import type { ProductConfig } from '../../shared/config';
import { notFound } from '../../shared/errors';
import { json, readJson, type HttpHandler } from '../../shared/http';
import { etagOf, itemEditSchema, type CatalogItem } from './catalog';
import { readItem, saveItemEdit } from './catalog-store';
import type { MenuDependencies } from './deps';
import { toCatalogItem } from './menu-container';

/** GET /api/menu/items/{productId} (public): one catalog item with its ETag, for a later If-Match. */
export function getItem({ container, clock, bakery }: MenuDependencies): HttpHandler {
  return async (request) => {
    const product = productOf(bakery.products, request.params.productId);
    const item = toCatalogItem(await readItem(await container(), product, bakery.currency, clock.now()));
    return itemResponse(item);
  };
}

/**
 * PUT /api/menu/items/{productId} (staff): change name, description, price or closing discount.
 * Optional If-Match (the item's ETag) refuses the edit with 412 if someone changed it meanwhile.
 */
export function putItem({ container, clock, bakery, verifier }: MenuDependencies): HttpHandler {
  const schema = itemEditSchema(bakery.currency);
  return async (request) => {
    requireRole(await verifier.verifyRequest(request), 'staff');
    const product = productOf(bakery.products, request.params.productId);
    const edit = await readJson(request, schema);
    const ifMatch = request.headers.get('if-match') ?? undefined;
    const item = await saveItemEdit(
      await container(),
      { product, currency: bakery.currency, edit, ifMatch },
      clock,
    );
    return itemResponse(item);
  };
}

/** Only configured products are on the menu; staff change them but do not invent new ones. */
function productOf(products: readonly ProductConfig[], productId: string | undefined): ProductConfig {
  const product = products.find((p) => p.id === productId);
  if (!product) throw notFound(`Menu item "${productId ?? ''}"`);
  return product;
}

function itemResponse(item: CatalogItem) {
  return json(200, item, { etag: etagOf(item), 'cache-control': 'no-store' });
}
