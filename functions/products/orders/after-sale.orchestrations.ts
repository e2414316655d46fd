import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import type { PayloadOf } from '../../../shared/events';
import type { OrderOrchestrationDependencies } from './reserve-order.orchestration';
import { effectsOf } from '../shelf/shelf-effects';
import { applyEffects } from '../shelf/effects.activities';
import { callShelf, type ShelfReply } from '../shelf/shelf.entity';
import { lastClosing } from '../upkeep/slots';

export const HAND_OVER_ORDER = 'products-hand-over-order';
export const RELEASE_ORDER = 'products-release-order';
/** The hand-over of one order.paid: the first (`<orderId>:paid`, or none named) keeps the plain id. */
export const handOverInstanceId = (orderId: string, paidEventId = `${orderId}:paid`) =>
  paidEventId === `${orderId}:paid`
    ? `products-hand-over-${orderId}`
    : `products-hand-over-${orderId}~${paidEventId}`;
export const releaseInstanceId = (orderId: string) => `products-release-${orderId}`;

type PaidOrder = PayloadOf<'bakery.order.paid.v1'>;
type CancelledOrder = PayloadOf<'bakery.order.cancelled.v1'>;

/*
 * After the sale: a paid order's items leave the shelves as sold; a cancelled order's go back on
 * sale. The order events do not say which shelves hold the order, so every shelf is asked (there
 * are a handful; each answers from its own ledger, idempotently).
 */

/** order.paid: hand the reserved items to the customer. */
export function handOverOrder({ productIds }: OrderOrchestrationDependencies): OrchestrationHandler {
  return function* (context: OrchestrationContext) {
    const order = context.df.getInput<PaidOrder>();
    const now = context.df.currentUtcDateTime.toISOString();
    const replies = (yield context.df.Task.all(
      productIds.map((p) => callShelf(context, p, 'handOver', { orderId: order.orderId, now })),
    )) as ShelfReply[];
    const items = replies.flatMap((r) => (r.outcome.type === 'handed-over' ? r.outcome.items : []));
    if (items.length === 0) {
      // Paid but held nowhere: sales only pays reserved orders, so this is a bug to look at, not to guess around.
      return {
        outcome: 'nothing-to-hand-over',
        answers: replies.map((r) => ({ productId: r.productId, outcome: r.outcome })),
      };
    }
    yield* applyEffects(context, effectsOf(replies), [
      {
        type: 'bakery.order.handed-over.v1',
        id: `${order.orderId}:handed-over`,
        correlationId: order.orderId,
        data: {
          orderId: order.orderId,
          userId: order.userId,
          items: items.map(({ id, productId }) => ({ id, productId })),
          handedOverAt: now,
        },
      },
    ]);
    return { outcome: 'handed-over', itemIds: items.map((i) => i.id) };
  };
}

/** order.cancelled: put the items back on sale, or out with the rest if their day has closed. */
export function releaseOrder({ productIds, calendar }: OrderOrchestrationDependencies): OrchestrationHandler {
  return function* (context: OrchestrationContext) {
    const order = context.df.getInput<CancelledOrder>();
    const now = context.df.currentUtcDateTime.toISOString();
    const replies = (yield context.df.Task.all(
      productIds.map((p) => callShelf(context, p, 'release', { orderId: order.orderId, now })),
    )) as ShelfReply[];
    const back = replies.filter((r) => r.outcome.type === 'released' && r.outcome.items.length > 0);
    const closingAt = new Date(lastClosing(calendar, Date.parse(now)).closingAt).toISOString();
    const fromClosedDay = back.some(
      (r) =>
        r.outcome.type === 'released' &&
        r.outcome.items.some((i) => Date.parse(i.bakedAt) <= Date.parse(closingAt)),
    );
    if (back.length > 0 && (!calendar.isOpen(Date.parse(now)) || fromClosedDay)) {
      // Put back after its day closed: it goes the way of the rest of that day's leftovers.
      const discards: Task[] = back.map((r) =>
        callShelf(context, r.productId, 'discard', { now, closingAt }),
      );
      replies.push(...((yield context.df.Task.all(discards)) as ShelfReply[]));
    }
    yield* applyEffects(context, effectsOf(replies));
    return {
      outcome: 'released',
      itemIds: back.flatMap((r) => (r.outcome.type === 'released' ? r.outcome.items.map((i) => i.id) : [])),
    };
  };
}
