import { z } from 'zod';
import { publishedBy } from '../define-event';
import { opaqueId, orderId, positiveMoney, timestamp, userId } from '../payload-parts';

const event = publishedBy('pos');

export const posEvents = {
  'bakery.charge.requested.v1': event({
    consumers: ['bank'],
    description: "Charge the customer's account for a priced order.",
    schema: z.object({ chargeId: opaqueId, orderId, userId, amount: positiveMoney, requestedAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.payment.succeeded.v1': event({
    consumers: ['sales'],
    description: "The order's charge was approved; the amount is what the customer paid.",
    schema: z.object({ orderId, userId, chargeId: opaqueId, amount: positiveMoney, paidAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.payment.failed.v1': event({
    consumers: ['sales'],
    description: "The order's charge was declined.",
    schema: z.object({
      orderId,
      userId,
      chargeId: opaqueId,
      reason: z.enum(['insufficient-funds', 'payment-declined']),
      failedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.charge.refund-requested.v1': event({
    consumers: ['bank'],
    description: 'Give back an approved charge in full (a late approval for a cancelled order).',
    schema: z.object({ chargeId: opaqueId, orderId, userId, amount: positiveMoney, requestedAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.payment.refunded.v1': event({
    consumers: ['sales'],
    description: "The bank gave an order's payment back to the customer.",
    schema: z.object({ orderId, userId, chargeId: opaqueId, amount: positiveMoney, refundedAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
};
