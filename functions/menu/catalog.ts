import { z } from 'zod';
import type { ProductConfig } from '../../shared/config';
import type { Money } from './closing-discount';

/**
 * One product type as the menu sells it. Seeded from the bakery's configuration at version 0 the
 * first time menu needs it; staff edits bump the version (the version pos receives in
 * `bakery.menu-item.changed.v1` and the item's ETag).
 */
export interface CatalogItem {
  productId: string;
  name: string;
  description: string;
  price: Money;
  closingDiscountPercent: number;
  version: number;
  updatedAt: string;
}

export function seedItem(product: ProductConfig, currency: string, now: number): CatalogItem {
  return {
    productId: product.id,
    name: product.name,
    description: product.description,
    price: { amount: product.price, currency },
    closingDiscountPercent: product.closingDiscountPercent,
    version: 0,
    updatedAt: new Date(now).toISOString(),
  };
}

/** The same bounds as the bakery's configuration, so staff can set nothing the config could not. */
export function itemEditSchema(currency: string) {
  return z
    .strictObject({
      name: z.string().trim().min(1, 'must not be empty').max(100),
      description: z.string().max(1000),
      price: z.strictObject({
        amount: z
          .int('must be whole cents')
          .positive('must be more than 0 cents')
          .max(1_000_000, 'must be at most 1000000 cents'),
        currency: z.string().refine((c) => c === currency, `must be the bakery's currency "${currency}"`),
      }),
      closingDiscountPercent: z
        .int('must be a whole number')
        .min(0, 'must be 0 to 100')
        .max(100, 'must be 0 to 100'),
    })
    .partial()
    .refine(
      (edit) => Object.keys(edit).length > 0,
      'must change at least one of name, description, price, closingDiscountPercent',
    );
}

export type ItemEdit = z.output<ReturnType<typeof itemEditSchema>>;

export type EditOutcome = { kind: 'unchanged'; item: CatalogItem } | { kind: 'changed'; item: CatalogItem };

/** A PUT that sets what is already there changes nothing: no new version, no event. */
export function applyEdit(item: CatalogItem, edit: ItemEdit, now: number): EditOutcome {
  const next: CatalogItem = {
    ...item,
    name: edit.name ?? item.name,
    description: edit.description ?? item.description,
    price: edit.price ? { amount: edit.price.amount, currency: edit.price.currency } : item.price,
    closingDiscountPercent: edit.closingDiscountPercent ?? item.closingDiscountPercent,
  };
  const same =
    next.name === item.name &&
    next.description === item.description &&
    next.price.amount === item.price.amount &&
    next.price.currency === item.price.currency &&
    next.closingDiscountPercent === item.closingDiscountPercent;
  if (same) return { kind: 'unchanged', item };
  return {
    kind: 'changed',
    item: { ...next, version: item.version + 1, updatedAt: new Date(now).toISOString() },
  };
}

/** Strong ETag from the item's version: stable across store adapters and meaningful to staff. */
export function etagOf(item: Pick<CatalogItem, 'version'>): string {
  return `"v${item.version}"`;
}

/** RFC 9110 If-Match: `*` or a list of entity tags; weak tags never match (strong comparison). */
export function ifMatchHolds(header: string, item: Pick<CatalogItem, 'version'>): boolean {
  const tags = header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return tags.some((tag) => tag === '*' || tag === etagOf(item));
}
