import { z } from 'zod';
import type { ProductConfig } from '../../shared/config';
import { notFound } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema, moneySchema, productIdParams } from '../../shared/http/schemas';
import { etagOf, itemEditSchema, type CatalogItem } from './catalog';
import { readItem, saveItemEdit } from './catalog-store';
import type { MenuDependencies } from './deps';
import { toCatalogItem } from './menu-container';
import { pushMenuChange } from './menu-push';

/** A catalog item as GET and PUT answer it (CatalogItem). */
const catalogItemSchema = z.object({
  productId: z.string(),
  name: z.string(),
  description: z.string(),
  price: moneySchema,
  closingDiscountPercent: z.int().min(0).max(100),
  version: z.int().min(0).describe('Bumped by every staff edit; the ETag is `"v<version>"`'),
  updatedAt: instantSchema,
});

const itemResponse = {
  body: catalogItemSchema,
  headers: {
    ETag: 'The item\'s version as a strong entity tag (`"v3"`), for a later If-Match',
    'Cache-Control': '`no-store`',
  },
};

export const getItemRoute = defineRoute({
  name: 'menu-item-get',
  method: 'GET',
  route: 'menu/items/{productId}',
  auth: 'public',
  summary: 'One catalog item with its ETag',
  params: productIdParams,
  responses: { 200: itemResponse },
  errors: { 404: 'The bakery does not make this product.' },
});

/** The edit body's currency must be the bakery's, so the declaration is made from the configured one. */
export const putItemRoute = (currency: string) =>
  defineRoute({
    name: 'menu-item-put',
    method: 'PUT',
    route: 'menu/items/{productId}',
    auth: 'staff',
    summary: 'Change name, description, price or closing discount',
    description:
      'Any of the fields, at least one. A PUT that sets what is already there changes nothing (no new version, no event). With If-Match, the edit is refused with 412 if the item changed meanwhile.',
    params: productIdParams,
    headers: z.object({
      'if-match': z
        .string()
        .optional()
        .describe('The ETag of the item as last read (or `*`): refuses the edit if it changed meanwhile'),
    }),
    body: itemEditSchema(currency),
    responses: { 200: itemResponse },
    errors: {
      404: 'The bakery does not make this product.',
      412: 'If-Match names a version the item no longer has (`BAKERY_PRECONDITION_FAILED`).',
    },
  });

/** GET /api/menu/items/{productId} (public): one catalog item with its ETag, for a later If-Match. */
export function getItem({ container, clock, bakery }: MenuDependencies): RouteHandler<typeof getItemRoute> {
  return async ({ params }) => {
    const product = productOf(bakery.products, params.productId);
    const item = toCatalogItem(await readItem(await container(), product, bakery.currency, clock.now()));
    return itemReply(item);
  };
}

/**
 * PUT /api/menu/items/{productId} (staff): change name, description, price or closing discount.
 * Optional If-Match (the item's ETag) refuses the edit with 412 if someone changed it meanwhile.
 */
export function putItem(deps: MenuDependencies): RouteHandler<ReturnType<typeof putItemRoute>> {
  const { container, clock, bakery } = deps;
  return async ({ params, headers, body: edit, context }) => {
    const product = productOf(bakery.products, params.productId);
    const outcome = await saveItemEdit(
      await container(),
      { product, currency: bakery.currency, edit, ifMatch: headers['if-match'] },
      clock,
    );
    // A new version committed: browsers see the new price at once (an edit that changed nothing, nothing).
    if (outcome.kind === 'changed') await pushMenuChange(deps, new Set([product.id]), (m) => context.warn(m));
    return itemReply(outcome.item);
  };
}

/** Only configured products are on the menu; staff change them but do not invent new ones. */
function productOf(products: readonly ProductConfig[], productId: string): ProductConfig {
  const product = products.find((p) => p.id === productId);
  if (!product) throw notFound(`Menu item "${productId}"`);
  return product;
}

function itemReply(item: CatalogItem) {
  return { status: 200 as const, body: item, headers: { etag: etagOf(item), 'cache-control': 'no-store' } };
}
