import type { PayloadOf } from '../../shared/events/catalog';
import type { Container } from '../../shared/store/port';
import type { PosDependencies } from './deps';
import {
  PARTITION_FIELD,
  isLostRace,
  priceListPartition,
  priceVersionId,
  type PriceVersionDocument,
} from './pos-container';
import type { PriceVersion } from './pricing';

/**
 * Keeps a version of a menu item, once. Versions are never overwritten (each has its own document),
 * so a stale or repeated `menu-item.changed` cannot replace a newer price: pricing picks the version
 * in force at the order's placedAt (pricing.ts).
 */
export async function recordPriceVersion(
  container: Container,
  change: PayloadOf<'bakery.menu-item.changed.v1'>,
): Promise<'recorded' | 'duplicate'> {
  const doc: PriceVersionDocument = {
    id: priceVersionId(change.version),
    kind: 'price',
    [PARTITION_FIELD]: priceListPartition(change.productId),
    productId: change.productId,
    name: change.name,
    price: change.price,
    closingDiscountPercent: change.closingDiscountPercent,
    version: change.version,
    effectiveFrom: change.effectiveFrom,
  };
  try {
    await container.create(doc);
    return 'recorded';
  } catch (error) {
    if (isLostRace(error)) return 'duplicate';
    throw error;
  }
}

/** Every version pos knows of these products: the configured seed (version 0) and each recorded change. */
export async function loadPriceList(
  deps: Pick<PosDependencies, 'container' | 'products' | 'currency'>,
  productIds: readonly string[],
): Promise<Map<string, PriceVersion[]>> {
  const container = await deps.container();
  const unique = [...new Set(productIds)];
  const stored = await Promise.all(
    unique.map((productId) =>
      container.query<PriceVersionDocument>({
        partitionKey: priceListPartition(productId),
        where: [{ field: 'kind', op: '=', value: 'price' }],
      }),
    ),
  );
  const list = new Map<string, PriceVersion[]>();
  unique.forEach((productId, i) => {
    const versions = stored[i].map(toPriceVersion);
    const seed = deps.products.find((p) => p.id === productId);
    if (seed && !versions.some((v) => v.version === 0))
      versions.push({
        productId,
        name: seed.name,
        price: { amount: seed.price, currency: deps.currency },
        closingDiscountPercent: seed.closingDiscountPercent,
        version: 0,
        effectiveFrom: Number.NEGATIVE_INFINITY,
      });
    if (versions.length > 0) list.set(productId, versions);
  });
  return list;
}

function toPriceVersion(doc: PriceVersionDocument): PriceVersion {
  return {
    productId: doc.productId,
    name: doc.name,
    price: { amount: doc.price.amount, currency: doc.price.currency },
    closingDiscountPercent: doc.closingDiscountPercent,
    version: doc.version,
    // Version 0 is the configured product, in force from the start whatever its recorded time.
    effectiveFrom: doc.version === 0 ? Number.NEGATIVE_INFINITY : Date.parse(doc.effectiveFrom),
  };
}
