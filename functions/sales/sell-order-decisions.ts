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

/** The step after the hand-over: complete with exactly the items products handed over. */
export function afterHandOver(
  data: PayloadOf<'bakery.order.handed-over.v1'>,
): Extract<OrderStep, { kind: 'complete' }> {
  return { kind: 'complete', items: data.items.map(({ id, productId }) => ({ id, productId })) };
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
