import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import type { BakeryCalendar } from '../../../shared/time/bakery-calendar';
import { applyEffects } from '../shelf/effects.activities';
import { effectsOf } from '../shelf/shelf-effects';
import { callShelf, type ShelfReply } from '../shelf/shelf.entity';
import type { ShelfItem } from '../shelf/shelf';
import { lastClosing } from '../upkeep/slots';
import {
  afterReserve,
  failedEvent,
  reservedEvent,
  shelvesToRelease,
  startReservation,
  type PlacedOrder,
  type ReservationFailure,
} from './reservation';

export const RESERVE_ORDER = 'products-reserve-order';

/** One orchestration per order: a redelivered order.placed finds it and does nothing. */
export const reserveInstanceId = (orderId: string) => `products-reserve-${orderId}`;

export type ReserveResult =
  { outcome: 'reserved'; itemIds: string[] } | ({ outcome: 'rejected' } & ReservationFailure);

export interface OrderOrchestrationDependencies {
  /** The bakery's product types: one shelf each. */
  productIds: readonly string[];
  calendar: BakeryCalendar;
}

/**
 * Reserves an order all-or-nothing across shelves. The rules are in `reservation.ts`; this only
 * sequences them: lines go in product-id order (two orders wanting the same shelves queue behind
 * each other instead of each holding half), and at the first line that cannot be met the shelves
 * already holding items are released, newest first.
 */
export function reserveOrder({ productIds, calendar }: OrderOrchestrationDependencies): OrchestrationHandler {
  const known = new Set(productIds);
  return function* (context: OrchestrationContext) {
    const order = context.df.getInput<PlacedOrder>();
    const now = context.df.currentUtcDateTime.toISOString();
    const start = startReservation(order.lines, known, calendar.isOpen(Date.parse(now)));
    if (start.kind === 'fail') {
      yield* applyEffects(context, effectsOf([]), [failedEvent(order, start.failure, now)]);
      return rejected(start.failure);
    }
    // Leftovers of a day already closed are never sold, even before that closing's throw-out has run.
    const bakedAfter = new Date(lastClosing(calendar, Date.parse(now)).closingAt).toISOString();
    const replies: ShelfReply[] = [];
    const held: string[] = [];
    const items: ShelfItem[] = [];
    let failure: ReservationFailure | undefined;
    for (const line of start.lines) {
      const reply = (yield callShelf(context, line.productId, 'reserve', {
        orderId: order.orderId,
        quantity: line.quantity,
        now,
        bakedAfter,
      })) as ShelfReply;
      replies.push(reply);
      const result = afterReserve(line, reply.outcome);
      if (result.kind === 'stop') {
        failure = result.failure;
        break;
      }
      held.push(line.productId);
      items.push(...result.items);
    }

    if (failure) {
      for (const productId of shelvesToRelease(held))
        replies.push(
          (yield callShelf(context, productId, 'release', { orderId: order.orderId, now })) as ShelfReply,
        );
      yield* applyEffects(context, effectsOf(replies), [failedEvent(order, failure, now)]);
      return rejected(failure);
    }
    yield* applyEffects(context, effectsOf(replies), [reservedEvent(order, items, now)]);
    return { outcome: 'reserved', itemIds: items.map((i) => i.id) } satisfies ReserveResult;
  };
}

const rejected = (failure: ReservationFailure): ReserveResult => ({ outcome: 'rejected', ...failure });
