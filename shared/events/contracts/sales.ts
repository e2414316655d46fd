import { z } from 'zod';
import { publishedBy } from '../define-event';
import { handedItems, money, orderId, orderLines, positiveMoney, timestamp, userId } from '../payload-parts';

const event = publishedBy('sales');

export const salesEvents = {
  'bakery.order.placed.v1': event({
    consumers: ['products', 'users'],
    description: 'A customer placed an order; products reserves it.',
    schema: z.object({ orderId, userId, lines: orderLines, placedAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.payment.requested.v1': event({
    consumers: ['pos'],
    description: 'A reserved order is to be paid; pos prices it as of placedAt (closing discount included).',
    schema: z.object({ orderId, userId, lines: orderLines, placedAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.order.paid.v1': event({
    consumers: ['products'],
    description: "The bank approved the order's charge; products hands the reserved items over.",
    schema: z.object({ orderId, userId, total: money, paidAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.order.completed.v1': event({
    consumers: ['users'],
    description: 'The customer has the items and has paid: the order is done.',
    schema: z.object({ orderId, userId, items: handedItems, total: money, completedAt: timestamp }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.order.rejected.v1': event({
    consumers: ['users'],
    description: 'The order could not be reserved, so nothing was charged.',
    schema: z.object({
      orderId,
      userId,
      reason: z.enum(['out-of-stock', 'invalid-order']),
      rejectedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.order.cancelled.v1': event({
    consumers: ['products', 'pos', 'users'],
    description: 'A reserved order will not be paid; products puts its items back, pos charges nothing more.',
    schema: z.object({
      orderId,
      userId,
      reason: z.enum(['insufficient-funds', 'payment-declined', 'payment-timeout', 'reservation-timeout']),
      cancelledAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.refund.requested.v1': event({
    consumers: ['pos'],
    description: 'A payment arrived for an order that was already cancelled: give the money back.',
    schema: z.object({
      orderId,
      userId,
      amount: positiveMoney,
      reason: z.enum(['late-payment']),
      requestedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
};
