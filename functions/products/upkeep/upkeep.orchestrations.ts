import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import type { PayloadOf } from '../../../shared/events';
import type { BakeryCalendar } from '../../../shared/time/bakery-calendar';
import { effectsOf } from '../shelf/shelf-effects';
import { applyEffects } from '../shelf/effects.activities';
import { callShelf, type ShelfReply } from '../shelf/shelf.entity';
import { lastClosing } from './slots';

export const STOCK_BATCH = 'products-stock-batch';
export const SWEEP_SHELVES = 'products-sweep-shelves';
export const CLOSE_DAY = 'products-close-day';

export const sweepInstanceId = (slot: string) => `products-sweep-${slot}`;
export const closeInstanceId = (day: string) => `products-close-${day}`;

type BakedBatch = PayloadOf<'bakery.batch.baked.v1'>;

/** Input of a day's closing: the day and its closing instant (ISO). */
export interface CloseDayInput {
  day: string;
  closingAt: string;
}

/**
 * Keeping the shelves: stock a baked batch; sweep stale items off every shelf; at closing throw
 * out what nobody reserved. Each runs once per batch / slot / day (the instance id says which).
 * Items baked before the last closing are that day's closing's business: the sweep leaves them to
 * it (so after downtime the order of the two catch-ups cannot change the day report), and a batch
 * of them arriving late is thrown out (or counted expired) at once, never put on sale.
 */
export interface UpkeepDependencies {
  productIds: readonly string[];
  calendar: BakeryCalendar;
}

/** batch.baked: put the batch on its shelf (or out at once, if its day has already closed). */
export function stockBatch({ calendar }: UpkeepDependencies): OrchestrationHandler {
  return function* (context: OrchestrationContext) {
    const batch = context.df.getInput<BakedBatch>();
    const now = context.df.currentUtcDateTime.toISOString();
    const reply = (yield callShelf(context, batch.productId, 'stock', {
      batchId: batch.batchId,
      items: batch.items,
      now,
    })) as ShelfReply;
    const replies = [reply];
    // A batch baked before the last closing (delivered late, after downtime) belongs to a day that is over.
    const closingAt = lastClosing(calendar, Date.parse(now)).closingAt;
    if (
      reply.outcome.type === 'stocked' &&
      reply.outcome.items.some((i) => Date.parse(i.bakedAt) <= closingAt)
    ) {
      replies.push(
        (yield callShelf(context, batch.productId, 'discard', {
          now,
          closingAt: new Date(closingAt).toISOString(),
        })) as ShelfReply,
      );
    }
    yield* applyEffects(context, effectsOf(replies));
    return { outcome: reply.outcome.type, version: replies[replies.length - 1].shelf.version };
  };
}

/** A sweep slot: take stale items off every shelf. */
export function sweepShelves({ productIds, calendar }: UpkeepDependencies): OrchestrationHandler {
  return function* (context: OrchestrationContext) {
    const now = context.df.currentUtcDateTime.toISOString();
    const bakedAfter = new Date(lastClosing(calendar, Date.parse(now)).closingAt).toISOString();
    const replies = (yield context.df.Task.all(
      productIds.map((p) => callShelf(context, p, 'expire', { now, bakedAfter })),
    )) as ShelfReply[];
    yield* applyEffects(context, effectsOf(replies));
    return { expired: countOf(replies, (r) => (r.outcome.type === 'expired' ? r.outcome.items.length : 0)) };
  };
}

/** A day's closing: throw out everything not reserved. */
export function closeDay({ productIds }: UpkeepDependencies): OrchestrationHandler {
  return function* (context: OrchestrationContext) {
    const { closingAt } = context.df.getInput<CloseDayInput>();
    const now = context.df.currentUtcDateTime.toISOString();
    const replies = (yield context.df.Task.all(
      productIds.map((p) => callShelf(context, p, 'discard', { now, closingAt })),
    )) as ShelfReply[];
    yield* applyEffects(context, effectsOf(replies));
    return {
      expired: countOf(replies, (r) => (r.outcome.type === 'discarded' ? r.outcome.expired.length : 0)),
      discarded: countOf(replies, (r) => (r.outcome.type === 'discarded' ? r.outcome.discarded.length : 0)),
    };
  };
}

function countOf(
  replies: readonly ShelfReply[],
  count: (reply: ShelfReply) => number,
): Record<string, number> {
  return Object.fromEntries(replies.map((r) => [r.productId, count(r)]));
}
