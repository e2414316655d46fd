import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import type { PayloadOf } from '../../shared/events';
import { lastClosing } from './slots';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { planOrder } from './order-plan';
import { reportOf, type PlannedEvent } from './report';
import { settle } from './settle.activities';
import { callShelf, type ShelfReply } from './shelf.entity';
import type { ShelfItem } from './shelf';

export const RESERVE_ORDER = 'products-reserve-order';

/** One orchestration per order: a redelivered order.placed finds it and does nothing. */
export const reserveInstanceId = (orderId: string) => `products-reserve-${orderId}`;

type PlacedOrder = PayloadOf<'bakery.order.placed.v1'>;
type Shortage = { productId: string; requested: number; available: number };

export type ReserveResult =
  | { outcome: 'reserved'; itemIds: string[] }
  | { outcome: 'rejected'; reason: 'invalid-order'; problems: string[] }
  | { outcome: 'rejected'; reason: 'out-of-stock'; shortages: Shortage[] };

export interface OrderOrchestrationDependencies {
  /** The bakery's product types: one shelf each. */
  productIds: readonly string[];
  calendar: BakeryCalendar;
}

/**
 * Reserves an order all-or-nothing across shelves (design section 6). Each shelf's reserve is
 * atomic and FEFO; the lines go in product-id order, so two orders wanting the same shelves queue
 * behind each other instead of each holding half. At the first line that cannot be met the shelves
 * already reserved are released, newest first, and the order fails. Nothing is sold while the
 * bakery is closed.
 */
export function registerReserveOrder({ productIds, calendar }: OrderOrchestrationDependencies): void {
  const known = new Set(productIds);
  df.app.orchestration(RESERVE_ORDER, function* (context: OrchestrationContext) {
    const order = context.df.getInput<PlacedOrder>();
    const now = context.df.currentUtcDateTime.toISOString();
    const plan = planOrder(order.lines, known);
    // Leftovers of a day already closed are never sold, even before that closing's throw-out has run.
    const bakedAfter = new Date(lastClosing(calendar, Date.parse(now)).closingAt).toISOString();
    if (plan.kind === 'invalid') {
      yield* settle(context, reportOf([]), [failed(order, 'invalid-order', [], now)]);
      return {
        outcome: 'rejected',
        reason: 'invalid-order',
        problems: plan.problems,
      } satisfies ReserveResult;
    }
    if (!calendar.isOpen(Date.parse(now))) {
      const shortages = plan.lines.map((l) => ({
        productId: l.productId,
        requested: l.quantity,
        available: 0,
      }));
      yield* settle(context, reportOf([]), [failed(order, 'out-of-stock', shortages, now)]);
      return { outcome: 'rejected', reason: 'out-of-stock', shortages } satisfies ReserveResult;
    }

    const replies: ShelfReply[] = [];
    const held: string[] = [];
    let shortage: Shortage | undefined;
    for (const line of plan.lines) {
      const reply = (yield callShelf(context, line.productId, 'reserve', {
        orderId: order.orderId,
        quantity: line.quantity,
        now,
        bakedAfter,
      })) as ShelfReply;
      replies.push(reply);
      if (reply.outcome.type === 'reserved') {
        held.push(line.productId);
        continue;
      }
      const available =
        reply.outcome.type === 'out-of-stock' ? reply.outcome.available : reply.shelf.available;
      shortage = { productId: line.productId, requested: line.quantity, available };
      break;
    }

    if (shortage) {
      for (const productId of held.reverse())
        replies.push(
          (yield callShelf(context, productId, 'release', { orderId: order.orderId, now })) as ShelfReply,
        );
      yield* settle(context, reportOf(replies), [failed(order, 'out-of-stock', [shortage], now)]);
      return { outcome: 'rejected', reason: 'out-of-stock', shortages: [shortage] } satisfies ReserveResult;
    }
    const items = replies.flatMap((r) => (r.outcome.type === 'reserved' ? r.outcome.items : []));
    yield* settle(context, reportOf(replies), [reserved(order, items, now)]);
    return { outcome: 'reserved', itemIds: items.map((i) => i.id) } satisfies ReserveResult;
  });
}

function reserved(order: PlacedOrder, items: ShelfItem[], now: string): PlannedEvent {
  return {
    type: 'bakery.order.reserved.v1',
    id: `${order.orderId}:reserved`,
    correlationId: order.orderId,
    data: {
      orderId: order.orderId,
      userId: order.userId,
      items: items.map(({ id, productId, expiresAt }) => ({ id, productId, expiresAt })),
      reservedAt: now,
    },
  };
}

function failed(
  order: PlacedOrder,
  reason: 'out-of-stock' | 'invalid-order',
  shortages: Shortage[],
  now: string,
): PlannedEvent {
  return {
    type: 'bakery.order.reservation-failed.v1',
    id: `${order.orderId}:reservation-failed`,
    correlationId: order.orderId,
    data: { orderId: order.orderId, userId: order.userId, reason, shortages, failedAt: now },
  };
}
