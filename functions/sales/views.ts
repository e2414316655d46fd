import { z } from 'zod';
import { instantSchema, moneySchema } from '../../shared/http/schemas';
import type { Order } from './order';

const lineSchema = z.object({ productId: z.string(), quantity: z.int() });

/** An order as its customer sees it (GET /api/orders/{id}, and each entry of GET /api/orders). */
export const orderViewSchema = z.object({
  id: z.uuid(),
  status: z.enum(['placed', 'reserved', 'paid', 'completed', 'rejected', 'cancelled']),
  reason: z
    .enum([
      'out-of-stock',
      'invalid-order',
      'insufficient-funds',
      'payment-declined',
      'payment-timeout',
      'reservation-timeout',
    ])
    .optional()
    .describe('Why a rejected or cancelled order ended so'),
  lines: z.array(lineSchema).describe('What was ordered (the same product twice is one merged line)'),
  total: moneySchema.optional().describe('What the customer paid, once paid'),
  items: z
    .array(z.object({ id: z.uuid(), productId: z.string() }))
    .optional()
    .describe('Every item handed over, once completed'),
  refunded: moneySchema.optional().describe('A payment that came after the order was cancelled, given back'),
  placedAt: instantSchema,
  updatedAt: instantSchema,
});
export type OrderView = z.input<typeof orderViewSchema>;

export function orderView(order: Order): OrderView {
  return {
    id: order.orderId,
    status: order.status,
    ...('reason' in order ? { reason: order.reason } : {}),
    lines: order.lines,
    ...(order.total && order.status !== 'cancelled' && order.status !== 'rejected'
      ? { total: order.total }
      : {}),
    ...(order.items ? { items: order.items } : {}),
    ...(order.refunded ? { refunded: order.refunded } : {}),
    placedAt: order.placedAt,
    updatedAt: order.updatedAt,
  };
}

export const placedReplySchema = z.object({
  id: z.uuid(),
  status: z.literal('placed'),
  statusUrl: z.string().describe('Where to follow the order: GET it until its status is final'),
});

export const statusUrlOf = (orderId: string) => `/api/orders/${orderId}`;
