import { createHash } from 'node:crypto';
import type { PayloadOf } from '../../shared/events';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { offsetMs, parseZonedTime } from '../../shared/time/zoned-time';
import type { Recipe } from './recipe';
import { MINUTE } from '../../shared/clock';

export type BatchBaked = PayloadOf<'bakery.batch.baked.v1'>;

/** Namespace of item ids (RFC 9562 name-based uuids); fixed so a retried batch keeps its ids. */
const ITEM_ID_NAMESPACE = '0f4d7a52-3c1e-4b8e-9a51-6d2b8c7e1f90';

/**
 * `bread-2026-12-01T07:30`: the product and the slot's bakery-local time. When clocks go back, a
 * local time happens twice; the second one carries its UTC offset (`bread-2026-04-05T02:30+10:00`)
 * so every slot keeps its own id.
 */
export function batchIdOf(productId: string, slot: number, calendar: BakeryCalendar): string {
  const local = calendar.localTime(slot);
  const zone = calendar.hours.timeZone;
  if (parseZonedTime(local, zone) === slot) return `${productId}-${local}`;
  const offset = offsetMs(slot, zone) / MINUTE;
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return `${productId}-${local}${offset < 0 ? '-' : '+'}${hhmm}`;
}

/**
 * The batch baked in `slot`: batchSize items, each its own product with a uuid derived from the
 * batch id and its position (so baking the same slot again could only ever yield the same items),
 * baked at the slot time, expiring shelfLifeMinutes later or, without a shelf life, at closing.
 */
export function bakeBatch(recipe: Recipe, slot: number, calendar: BakeryCalendar): BatchBaked {
  const batchId = batchIdOf(recipe.productId, slot, calendar);
  const expiresAt =
    recipe.shelfLifeMinutes === null
      ? calendar.closing(calendar.dayOf(slot))
      : slot + recipe.shelfLifeMinutes * MINUTE;
  const bakedAt = new Date(slot).toISOString();
  const expires = new Date(expiresAt).toISOString();
  return {
    productId: recipe.productId,
    batchId,
    bakedAt,
    items: Array.from({ length: recipe.batchSize }, (_, index) => ({
      id: uuidV5(`${batchId}#${index}`, ITEM_ID_NAMESPACE),
      bakedAt,
      expiresAt: expires,
    })),
  };
}

/** RFC 9562 version 5 (SHA-1, name-based) uuid. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
