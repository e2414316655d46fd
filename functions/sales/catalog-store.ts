import type { PayloadOf } from '../../shared/events';
import type { Stored } from '../../shared/store/port';
import type { SalesDependencies } from './deps';
import {
  CATALOG_PARTITION,
  MAX_ATTEMPTS,
  isLostRace,
  productDocumentId,
  type ProductDocument,
} from './sales-container';

/**
 * What sales knows is on sale: the configured products (the menu's version 0) and every product a
 * menu-item.changed named since, kept in the partition `_catalog`. Never asked of menu: sales keeps
 * its own copy from events (issue 11).
 */
export async function productsOnSale(
  deps: Pick<SalesDependencies, 'container' | 'seedProducts'>,
): Promise<Set<string>> {
  const container = await deps.container();
  const known = await container.query<ProductDocument>({
    partitionKey: CATALOG_PARTITION,
    where: [{ field: 'kind', op: '=', value: 'product' }],
  });
  return new Set([...deps.seedProducts.map((p) => p.id), ...known.map((p) => p.productId)]);
}

/** menu-item.changed: keep the newest version of the product (a stale one, redelivered or late, never wins). */
export async function recordMenuItem(
  deps: Pick<SalesDependencies, 'container'>,
  item: PayloadOf<'bakery.menu-item.changed.v1'>,
): Promise<'recorded' | 'stale'> {
  const container = await deps.container();
  const id = productDocumentId(item.productId);
  const doc: ProductDocument = {
    id,
    kind: 'product',
    customerId: CATALOG_PARTITION,
    productId: item.productId,
    name: item.name,
    version: item.version,
  };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = (await container.read(id, CATALOG_PARTITION)) as Stored<ProductDocument> | undefined;
    if (stored && stored.version >= item.version) return 'stale';
    try {
      if (stored) await container.replace(doc, { ifMatch: stored._etag });
      else await container.create(doc);
      return 'recorded';
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
  throw new Error(`product ${item.productId} kept changing under menu-item.changed v${item.version}`);
}
