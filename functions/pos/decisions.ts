import { assertNever } from '../../shared/assert-never';
import type { PayloadOf } from '../../shared/events/catalog';
import { chargeIdOf, type Payment, type PricedPayment } from './payment';
import type { PricingOutcome } from './pricing';

/**
 * What pos does with each event it reads, given the order's payment so far: pure, exhaustively
 * switched. Arrival order can vary, and every event can come twice: the state alone decides, so a
 * duplicate or a redelivery finds the work done and changes nothing.
 */
export type PosInput =
  | {
      type: 'payment.requested';
      data: PayloadOf<'bakery.payment.requested.v1'>;
      pricing: PricingOutcome;
      at: string;
    }
  | { type: 'order.cancelled'; data: PayloadOf<'bakery.order.cancelled.v1'> }
  | { type: 'charge.approved'; data: PayloadOf<'bakery.charge.approved.v1'>; approvedDay: string }
  | { type: 'charge.declined'; data: PayloadOf<'bakery.charge.declined.v1'> }
  | { type: 'refund.requested'; data: PayloadOf<'bakery.refund.requested.v1'>; at: string }
  | { type: 'charge.refunded'; data: PayloadOf<'bakery.charge.refunded.v1'>; refundedDay: string };

type PosEventType =
  | 'bakery.charge.requested.v1'
  | 'bakery.payment.succeeded.v1'
  | 'bakery.payment.failed.v1'
  | 'bakery.charge.refund-requested.v1'
  | 'bakery.payment.refunded.v1';

/** An event pos publishes, with the step it reports (its deterministic id is `pos:<orderId>:<step>`). */
export type Outgoing = { [K in PosEventType]: { type: K; step: string; data: PayloadOf<K> } }[PosEventType];

export type Decision =
  { kind: 'record'; payment: Payment; publish: Outgoing[] } | { kind: 'ignore'; why: string };

const ignore = (why: string): Decision => ({ kind: 'ignore', why });

export function decide(payment: Payment | undefined, input: PosInput): Decision {
  switch (input.type) {
    case 'payment.requested':
      return onPaymentRequested(payment, input);
    case 'order.cancelled':
      return onCancelled(payment, input.data);
    case 'charge.approved':
      return onApproved(payment, input);
    case 'charge.declined':
      return onDeclined(payment, input.data);
    case 'refund.requested':
      return onRefundRequested(payment, input);
    case 'charge.refunded':
      return onRefunded(payment, input);
    default:
      return assertNever(input, 'unknown pos input');
  }
}

function onPaymentRequested(
  payment: Payment | undefined,
  { data, pricing, at }: Extract<PosInput, { type: 'payment.requested' }>,
): Decision {
  if (payment?.status === 'cancelled') return ignore('the order was cancelled first: never charged');
  if (payment) return ignore(`payment already ${payment.status}: one charge per order`);
  const { orderId, userId, placedAt } = data;
  switch (pricing.kind) {
    case 'unpriceable':
      // Nothing can be charged: sales hears the payment failed, so the order is cancelled, not left waiting.
      return {
        kind: 'record',
        payment: { status: 'refused', orderId, userId, placedAt, why: pricing.why, refusedAt: at },
        publish: [
          {
            type: 'bakery.payment.failed.v1',
            step: 'failed',
            data: {
              orderId,
              userId,
              chargeId: chargeIdOf(orderId),
              reason: 'payment-declined',
              failedAt: at,
            },
          },
        ],
      };
    case 'priced': {
      const { currency, lines, gross, discount, total } = pricing.order;
      const chargeId = chargeIdOf(orderId);
      return {
        kind: 'record',
        payment: {
          status: 'pending',
          orderId,
          userId,
          chargeId,
          placedAt,
          currency,
          lines,
          gross,
          discount,
          total,
          requestedAt: at,
        },
        publish: [
          {
            type: 'bakery.charge.requested.v1',
            step: 'charge-requested',
            data: { chargeId, orderId, userId, amount: { amount: total, currency }, requestedAt: at },
          },
        ],
      };
    }
    default:
      return assertNever(pricing, 'unknown pricing outcome');
  }
}

function onCancelled(payment: Payment | undefined, data: PayloadOf<'bakery.order.cancelled.v1'>): Decision {
  const { orderId, userId, cancelledAt } = data;
  if (!payment)
    return { kind: 'record', payment: { status: 'cancelled', orderId, userId, cancelledAt }, publish: [] };
  if (payment.cancelledAt) return ignore('cancellation already recorded');
  // A charge already asked for cannot be taken back: its answer still goes to sales, which refunds a late approval.
  return { kind: 'record', payment: { ...payment, cancelledAt }, publish: [] };
}

/** The priced payment a bank answer is about, or why the answer changes nothing. */
function pricedFor(payment: Payment | undefined, chargeId: string): PricedPayment | string {
  if (!payment) return 'no charge was requested for this order';
  if (payment.status === 'cancelled' || payment.status === 'refused')
    return `no charge was requested (${payment.status})`;
  if (payment.chargeId !== chargeId)
    return `charge ${chargeId} is not this order's charge ${payment.chargeId}`;
  return payment;
}

function onApproved(
  payment: Payment | undefined,
  { data, approvedDay }: Extract<PosInput, { type: 'charge.approved' }>,
): Decision {
  const priced = pricedFor(payment, data.chargeId);
  if (typeof priced === 'string') return ignore(priced);
  if (priced.status !== 'pending') return ignore(`the charge is already ${priced.status}`);
  const { orderId, userId, chargeId } = priced;
  return {
    kind: 'record',
    payment: {
      ...priced,
      status: 'paid',
      amount: data.amount.amount,
      approvedAt: data.approvedAt,
      approvedDay,
      transactionId: data.transactionId,
    },
    publish: [
      {
        type: 'bakery.payment.succeeded.v1',
        step: 'succeeded',
        data: { orderId, userId, chargeId, amount: data.amount, paidAt: data.approvedAt },
      },
    ],
  };
}

function onDeclined(payment: Payment | undefined, data: PayloadOf<'bakery.charge.declined.v1'>): Decision {
  const priced = pricedFor(payment, data.chargeId);
  if (typeof priced === 'string') return ignore(priced);
  if (priced.status !== 'pending') return ignore(`the charge is already ${priced.status}`);
  const reason = declineReason(data.reason);
  const { orderId, userId, chargeId } = priced;
  return {
    kind: 'record',
    payment: { ...priced, status: 'declined', reason, declinedAt: data.declinedAt },
    publish: [
      {
        type: 'bakery.payment.failed.v1',
        step: 'failed',
        data: { orderId, userId, chargeId, reason, failedAt: data.declinedAt },
      },
    ],
  };
}

export function declineReason(
  reason: PayloadOf<'bakery.charge.declined.v1'>['reason'],
): 'insufficient-funds' | 'payment-declined' {
  switch (reason) {
    case 'insufficient-funds':
      return 'insufficient-funds';
    case 'no-account':
      return 'payment-declined';
    default:
      return assertNever(reason, 'unknown decline reason');
  }
}

function onRefundRequested(
  payment: Payment | undefined,
  { at }: Extract<PosInput, { type: 'refund.requested' }>,
): Decision {
  if (!payment) return ignore('nothing was charged for this order');
  switch (payment.status) {
    case 'paid': {
      const { orderId, userId, chargeId, amount, currency } = payment;
      return {
        kind: 'record',
        payment: { ...payment, status: 'refund-requested', refundRequestedAt: at },
        publish: [
          {
            type: 'bakery.charge.refund-requested.v1',
            step: 'refund-requested',
            // The approved amount, whatever the request says: a refund gives back exactly what was taken.
            data: { chargeId, orderId, userId, amount: { amount, currency }, requestedAt: at },
          },
        ],
      };
    }
    case 'refund-requested':
    case 'refunded':
      return ignore(`the refund is already ${payment.status}`);
    case 'cancelled':
    case 'refused':
    case 'pending':
    case 'declined':
      return ignore(`nothing approved to give back (${payment.status})`);
    default:
      return assertNever(payment, 'unknown payment status');
  }
}

function onRefunded(
  payment: Payment | undefined,
  { data, refundedDay }: Extract<PosInput, { type: 'charge.refunded' }>,
): Decision {
  const priced = pricedFor(payment, data.chargeId);
  if (typeof priced === 'string') return ignore(priced);
  switch (priced.status) {
    case 'paid':
    case 'refund-requested': {
      const { orderId, userId, chargeId } = priced;
      return {
        kind: 'record',
        payment: {
          ...priced,
          status: 'refunded',
          refundedAmount: data.amount.amount,
          refundedAt: data.refundedAt,
          refundedDay,
        },
        publish: [
          {
            type: 'bakery.payment.refunded.v1',
            step: 'refunded',
            data: { orderId, userId, chargeId, amount: data.amount, refundedAt: data.refundedAt },
          },
        ],
      };
    }
    case 'refunded':
      return ignore('the refund is already recorded');
    case 'pending':
    case 'declined':
      return ignore(`a refund of a charge that is ${priced.status}`);
    default:
      return assertNever(priced, 'unknown payment status');
  }
}
