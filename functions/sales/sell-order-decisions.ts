import { assertNever } from '../../shared/assert-never';
import type { PayloadOf } from '../../shared/events';
import type { Compensation } from './order';
import type { OrderStep } from './order-steps';

export type { Compensation };

/**
 * The sales person's decisions in the sell-order saga (design section 6), as pure functions: for
 * each answer the saga waits for, the next step; and which compensations a cancellation runs. The
 * orchestration (sell-order.orchestration.ts) only waits, asks these and records what they say.
 */

/** The saga's names for the facts it waits for (raiseEvent names; the servicebus handlers use them). */
export const SAGA_EVENTS = {
  reserved: 'order-reserved',
  reservationFailed: 'order-reservation-failed',
  paymentSucceeded: 'payment-succeeded',
  paymentFailed: 'payment-failed',
  handedOver: 'order-handed-over',
} as const;

export type ReservationAnswer =
  | { kind: 'reserved'; data: PayloadOf<'bakery.order.reserved.v1'> }
  | { kind: 'reservation-failed'; data: PayloadOf<'bakery.order.reservation-failed.v1'> }
  | { kind: 'timeout' };

export type PaymentAnswer =
  | { kind: 'payment-succeeded'; data: PayloadOf<'bakery.payment.succeeded.v1'> }
  | { kind: 'payment-failed'; data: PayloadOf<'bakery.payment.failed.v1'> }
  | { kind: 'timeout' };

/** The step after the reservation's answer: ask for payment, reject, or cancel. */
export function afterReservation(
  answer: ReservationAnswer,
): Extract<OrderStep, { kind: 'reserve' | 'reject' | 'cancel' }> {
  switch (answer.kind) {
    case 'reserved':
      return { kind: 'reserve', items: answer.data.items };
    case 'reservation-failed':
      switch (answer.data.reason) {
        case 'out-of-stock':
        case 'invalid-order':
          return { kind: 'reject', reason: answer.data.reason };
        case 'cancelled':
          // products saw a cancellation the saga never made: treat it as not reserved in time.
          return { kind: 'cancel', reason: 'reservation-timeout', compensations: [] };
        default:
          return assertNever(answer.data.reason);
      }
    case 'timeout':
      // A reservation may still land: order.cancelled makes products release it (or refuse it).
      return { kind: 'cancel', reason: 'reservation-timeout', compensations: [] };
    default:
      return assertNever(answer);
  }
}

/** The step after the payment's answer: paid, or cancelled with the reason the customer sees. */
export function afterPayment(answer: PaymentAnswer): Extract<OrderStep, { kind: 'pay' | 'cancel' }> {
  switch (answer.kind) {
    case 'payment-succeeded': {
      const { chargeId, amount, paidAt } = answer.data;
      return { kind: 'pay', payment: { chargeId, amount, paidAt } };
    }
    case 'payment-failed':
      return { kind: 'cancel', reason: answer.data.reason, compensations: [] };
    case 'timeout':
      // A late approval is refunded when it arrives (order-steps.ts applyFact), never kept.
      return { kind: 'cancel', reason: 'payment-timeout', compensations: [] };
    default:
      return assertNever(answer);
  }
}

/** How many times the saga sends order.paid again when no hand-over comes (after the first). */
export const HAND_OVER_RESENDS = 3;

/** What the saga knows when a hand-over comes: the order's lines and the items products reserved. */
export interface HandOverExpectation {
  lines: ReadonlyArray<{ productId: string; quantity: number }>;
  reserved: ReadonlyArray<{ id: string; productId: string }>;
}

export type HandOverAnswer =
  | { kind: 'handed-over'; data: PayloadOf<'bakery.order.handed-over.v1'> }
  /** The hand-over timer of wait number `attempt` (0: after the first order.paid) ran out. */
  | { kind: 'timeout'; attempt: number };

export type HandOverMismatch = {
  /** Per product whose count differs: how many the order's lines say, how many were handed over. */
  counts: Array<{ productId: string; ordered: number; handed: number }>;
  /** Handed-over item ids that were not reserved for the order, or came twice. */
  unexpectedItems: string[];
};

export type HandOverNext =
  | { kind: 'complete'; step: Extract<OrderStep, { kind: 'complete' }> }
  /** Short, too many, or items not reserved for the order: not completed (the order stays paid). */
  | { kind: 'mismatch'; mismatch: HandOverMismatch }
  /** Send order.paid again (event id `<orderId>:paid:<attempt>`), then wait `waitMs`. */
  | { kind: 'resend'; step: Extract<OrderStep, { kind: 'resend-paid' }>; waitMs: number }
  /** No more resends: the order stays paid, overdue, and the saga keeps listening for the hand-over. */
  | { kind: 'overdue' };

/**
 * After the payment, for each hand-over or hand-over timeout: complete only with exactly the order's
 * lines (count per product), every item one that was reserved for it; resend order.paid a few
 * times, backing off (`baseWaitMs` × 2^attempt); then overdue. Never a refund: the items may still come.
 */
export function afterHandOver(
  answer: HandOverAnswer,
  expected: HandOverExpectation,
  baseWaitMs: number,
): HandOverNext {
  switch (answer.kind) {
    case 'handed-over': {
      const items = answer.data.items.map(({ id, productId }) => ({ id, productId }));
      const mismatch = handOverMismatch(expected, items);
      return mismatch
        ? { kind: 'mismatch', mismatch }
        : { kind: 'complete', step: { kind: 'complete', items } };
    }
    case 'timeout': {
      const attempt = answer.attempt + 1;
      if (attempt > HAND_OVER_RESENDS) return { kind: 'overdue' };
      return {
        kind: 'resend',
        step: { kind: 'resend-paid', attempt },
        waitMs: handOverWait(baseWaitMs, attempt),
      };
    }
    default:
      return assertNever(answer);
  }
}

/** The wait after order.paid number `attempt` (0 the first): doubling each time. */
export function handOverWait(baseWaitMs: number, attempt: number): number {
  return baseWaitMs * 2 ** attempt;
}

/** What is wrong with a hand-over, or undefined when it is exactly the order. */
export function handOverMismatch(
  { lines, reserved }: HandOverExpectation,
  items: ReadonlyArray<{ id: string; productId: string }>,
): HandOverMismatch | undefined {
  const ordered = new Map<string, number>();
  for (const line of lines) ordered.set(line.productId, (ordered.get(line.productId) ?? 0) + line.quantity);
  const handed = new Map<string, number>();
  for (const item of items) handed.set(item.productId, (handed.get(item.productId) ?? 0) + 1);
  const counts = [...new Set([...ordered.keys(), ...handed.keys()])]
    .sort()
    .map((productId) => ({
      productId,
      ordered: ordered.get(productId) ?? 0,
      handed: handed.get(productId) ?? 0,
    }))
    .filter((c) => c.ordered !== c.handed);
  const reservedIds = new Map(reserved.map((r) => [r.id, r.productId]));
  const seen = new Set<string>();
  const unexpectedItems: string[] = [];
  for (const item of items) {
    if (seen.has(item.id) || reservedIds.get(item.id) !== item.productId) unexpectedItems.push(item.id);
    seen.add(item.id);
  }
  return counts.length === 0 && unexpectedItems.length === 0 ? undefined : { counts, unexpectedItems };
}

/** Compensations in the order they run: newest first. */
export function compensationPlan(recorded: readonly Compensation[]): Compensation[] {
  return [...recorded].reverse();
}

/** What one compensation means for the world: each is carried by order.cancelled, told to its reader. */
export function compensationReader(compensation: Compensation): 'products' | 'pos' {
  switch (compensation) {
    case 'release-reservation':
      return 'products';
    case 'void-payment':
      return 'pos';
    default:
      return assertNever(compensation);
  }
}
