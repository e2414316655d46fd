import { assertNever } from '../../shared/assert-never';
import type { EventType, PayloadOf } from '../../shared/events';
import type { CancelReason, Compensation, HandedItem, Money, Order, Payment, RejectReason } from './order';

/**
 * What each step of the saga does to the order and which event it publishes (pure). The
 * sell-order orchestration decides WHICH step comes next (sell-order-decisions.ts); the activity
 * records the step's result and its events in one batch. Event ids are `<orderId>:<step>`, so a
 * retried activity or a replayed orchestration publishes once.
 */
export type OrderStep =
  | { kind: 'announce' }
  | { kind: 'reserve'; items: Array<HandedItem & { expiresAt: string }> }
  | { kind: 'pay'; payment: Payment }
  | { kind: 'complete'; items: HandedItem[] }
  | { kind: 'reject'; reason: RejectReason }
  /** `compensations`: what the cancellation undoes, newest first (the orchestration fills it in). */
  | { kind: 'cancel'; reason: CancelReason; compensations: Compensation[] };

export type OutgoingEvent = { [T in EventType]: { type: T; id: string; data: PayloadOf<T> } }[EventType];

export interface StepResult {
  order: Order;
  events: OutgoingEvent[];
}

/** The name of a step, as its marker document and its event id say it. */
export function stepName(step: OrderStep): string {
  switch (step.kind) {
    case 'announce':
      return 'placed';
    case 'reserve':
      return 'reserved';
    case 'pay':
      return 'paid';
    case 'complete':
      return 'completed';
    case 'reject':
      return 'rejected';
    case 'cancel':
      return 'cancelled';
    default:
      return assertNever(step);
  }
}

/** Applies one step of the saga; a step out of order is a bug in the orchestration, never guessed around. */
export function applyStep(order: Order, step: OrderStep, now: string): StepResult {
  const { orderId, customerId: userId } = order;
  const base = { ...order, updatedAt: now };
  const expect = (status: Order['status']) => {
    if (order.status !== status)
      throw new Error(`order ${orderId}: step "${step.kind}" needs status ${status}, not ${order.status}`);
  };
  switch (step.kind) {
    case 'announce':
      expect('placed');
      return {
        order: { ...base, announcedAt: now },
        events: [
          {
            type: 'bakery.order.placed.v1',
            id: `${orderId}:placed`,
            data: { orderId, userId, lines: order.lines, placedAt: order.placedAt },
          },
        ],
      };
    case 'reserve':
      expect('placed');
      return {
        order: { ...base, status: 'reserved', reserved: step.items },
        events: [
          {
            type: 'bakery.payment.requested.v1',
            id: `${orderId}:payment-requested`,
            data: { orderId, userId, lines: order.lines, placedAt: order.placedAt },
          },
        ],
      };
    case 'pay':
      expect('reserved');
      return {
        order: { ...base, status: 'paid', payment: step.payment, total: step.payment.amount },
        events: [
          {
            type: 'bakery.order.paid.v1',
            id: `${orderId}:paid`,
            data: { orderId, userId, total: step.payment.amount, paidAt: step.payment.paidAt },
          },
        ],
      };
    case 'complete': {
      expect('paid');
      const total = order.total;
      if (!total) throw new Error(`order ${orderId}: paid without a total`);
      return {
        order: { ...base, status: 'completed', items: step.items },
        events: [
          {
            type: 'bakery.order.completed.v1',
            id: `${orderId}:completed`,
            data: { orderId, userId, items: step.items, total, completedAt: now },
          },
        ],
      };
    }
    case 'reject':
      expect('placed');
      return {
        order: { ...base, status: 'rejected', reason: step.reason },
        events: [
          {
            type: 'bakery.order.rejected.v1',
            id: `${orderId}:rejected`,
            data: { orderId, userId, reason: step.reason, rejectedAt: now },
          },
        ],
      };
    case 'cancel': {
      if (order.status !== 'placed' && order.status !== 'reserved')
        throw new Error(`order ${orderId}: cannot cancel a ${order.status} order`);
      const cancelled: Order = {
        ...base,
        status: 'cancelled',
        reason: step.reason,
        compensated: step.compensations,
      };
      const cancel: OutgoingEvent = {
        type: 'bakery.order.cancelled.v1',
        id: `${orderId}:cancelled`,
        data: { orderId, userId, reason: step.reason, cancelledAt: now },
      };
      // A payment that reached the order but not the saga before the timeout: given back, never kept.
      const refund = refundFor(cancelled, now);
      return refund
        ? { order: refund.order, events: [cancel, ...refund.events] }
        : { order: cancelled, events: [cancel] };
    }
    default:
      return assertNever(step);
  }
}

/** What a fact arriving on its own (not through the saga) does to the order; undefined: nothing. */
export type OrderFact =
  { kind: 'payment-succeeded'; payment: Payment } | { kind: 'payment-refunded'; amount: Money };

export function applyFact(order: Order, fact: OrderFact, now: string): StepResult | undefined {
  switch (fact.kind) {
    case 'payment-succeeded': {
      if (order.payment) return undefined;
      const recorded: Order = { ...order, payment: fact.payment, updatedAt: now };
      switch (recorded.status) {
        case 'placed':
        case 'reserved':
          // The saga hears of it too (raiseEvent); the record lets a cancellation racing it refund it.
          return { order: recorded, events: [] };
        case 'rejected':
        case 'cancelled':
          return refundFor(recorded, now);
        case 'paid':
        case 'completed':
          return undefined;
        default:
          return assertNever(recorded);
      }
    }
    case 'payment-refunded':
      if (order.refunded) return undefined;
      return { order: { ...order, refunded: fact.amount, updatedAt: now }, events: [] };
    default:
      return assertNever(fact);
  }
}

/** A finished-unpaid order that holds a payment: ask pos to give it back, once. */
function refundFor(order: Order, now: string): StepResult | undefined {
  if (!order.payment || order.refundRequested) return undefined;
  const amount = order.payment.amount;
  return {
    order: { ...order, refundRequested: amount },
    events: [
      {
        type: 'bakery.refund.requested.v1',
        id: `${order.orderId}:refund-requested`,
        data: {
          orderId: order.orderId,
          userId: order.customerId,
          amount,
          reason: 'late-payment',
          requestedAt: now,
        },
      },
    ],
  };
}
