import type { PayloadOf } from '../../../shared/events';
import { assertNever } from '../../../shared/assert-never';
import type { PlannedEvent } from '../shelf/shelf-effects';
import type { ShelfItem, ShelfOutcome } from '../shelf/shelf';
import { planOrder, type OrderLine } from './order-plan';

/**
 * The order reservation's rules (design section 6), as pure decisions the `products-reserve-order`
 * orchestration only sequences: what to do before any shelf is asked, after each shelf's answer,
 * which shelves to give back when the order cannot be met, and what to tell sales.
 */
export type PlacedOrder = PayloadOf<'bakery.order.placed.v1'>;
export type Shortage = { productId: string; requested: number; available: number };

export type ReservationFailure =
  | { reason: 'invalid-order'; problems: string[] }
  | { reason: 'out-of-stock'; shortages: Shortage[] }
  /** Sales cancelled the order before its reservation reached a shelf: nothing is held for it. */
  | { reason: 'cancelled' };

export type ReservationStart =
  { kind: 'reserve'; lines: OrderLine[] } | { kind: 'fail'; failure: ReservationFailure };

/** Before any shelf is asked: a malformed order, or one placed while the bakery is closed, fails at once. */
export function startReservation(
  lines: readonly OrderLine[],
  products: ReadonlySet<string>,
  bakeryOpen: boolean,
): ReservationStart {
  const plan = planOrder(lines, products);
  switch (plan.kind) {
    case 'invalid':
      return { kind: 'fail', failure: { reason: 'invalid-order', problems: plan.problems } };
    case 'reserve':
      if (!bakeryOpen) {
        const shortages = plan.lines.map((l) => ({
          productId: l.productId,
          requested: l.quantity,
          available: 0,
        }));
        return { kind: 'fail', failure: { reason: 'out-of-stock', shortages } };
      }
      return { kind: 'reserve', lines: plan.lines };
    default:
      return assertNever(plan);
  }
}

export type LineResult = { kind: 'held'; items: ShelfItem[] } | { kind: 'stop'; failure: ReservationFailure };

/** After one shelf answered `reserve` for one line: go on to the next line, or stop the order. */
export function afterReserve(line: OrderLine, outcome: ShelfOutcome): LineResult {
  switch (outcome.type) {
    case 'reserved':
      return { kind: 'held', items: outcome.items };
    case 'out-of-stock':
      return {
        kind: 'stop',
        failure: {
          reason: 'out-of-stock',
          shortages: [{ productId: line.productId, requested: line.quantity, available: outcome.available }],
        },
      };
    case 'refused':
      if (outcome.reason === 'order-released') return { kind: 'stop', failure: { reason: 'cancelled' } };
      throw new Error(
        `reserve ${line.productId}: a shelf cannot refuse a reservation as "${outcome.reason}"`,
      );
    case 'stocked':
    case 'already-stocked':
    case 'released':
    case 'handed-over':
    case 'expired':
    case 'discarded':
      throw new Error(`reserve ${line.productId}: "${outcome.type}" is not an answer to reserve`);
    default:
      return assertNever(outcome);
  }
}

/** The compensation of a failed order: the shelves already holding items for it, newest first. */
export function shelvesToRelease(held: readonly string[]): string[] {
  return [...held].reverse();
}

/** What sales hears. Ids are deterministic: a replayed or retried orchestration publishes once. */
export function reservedEvent(order: PlacedOrder, items: readonly ShelfItem[], now: string): PlannedEvent {
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

export function failedEvent(order: PlacedOrder, failure: ReservationFailure, now: string): PlannedEvent {
  return {
    type: 'bakery.order.reservation-failed.v1',
    id: `${order.orderId}:reservation-failed`,
    correlationId: order.orderId,
    data: {
      orderId: order.orderId,
      userId: order.userId,
      reason: failure.reason,
      shortages: failure.reason === 'out-of-stock' ? failure.shortages : [],
      failedAt: now,
    },
  };
}
