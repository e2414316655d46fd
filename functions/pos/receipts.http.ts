import { z } from 'zod';
import { notFound } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema, moneySchema } from '../../shared/http/schemas';
import type { PosDependencies } from './deps';
import { receiptStatus, type PricedPayment } from './payment';
import { readPayment } from './payment-store';

export const receiptRoute = defineRoute({
  name: 'pos-receipt-get',
  method: 'GET',
  route: 'pos/receipts/{orderId}',
  auth: 'customer',
  summary: 'The receipt of one of my orders',
  description:
    'What the order was priced at as of its placedAt (the closing discount included) and what became of the payment. Another customer’s order, or one not priced yet, is 404.',
  params: z.object({ orderId: z.string().min(1).max(128).describe('The order id') }),
  responses: {
    200: {
      body: z.object({
        orderId: z.string(),
        status: z.enum(['pending', 'paid', 'declined', 'refunded', 'cancelled']),
        placedAt: instantSchema,
        lines: z.array(
          z.object({
            productId: z.string(),
            name: z.string(),
            quantity: z.int().positive(),
            listPrice: moneySchema.describe('Per unit, from the price list in force at placedAt'),
            discount: moneySchema.describe('Per unit: the closing discount, if it ran at placedAt'),
            unitPrice: moneySchema.describe('Charged per unit'),
            lineTotal: moneySchema,
          }),
        ),
        discount: moneySchema.describe('The whole order’s discount'),
        total: moneySchema.describe('What was (or is to be) charged'),
        paidAt: instantSchema.optional(),
        refundedAt: instantSchema.optional(),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
  errors: { 404: 'No priced order with this id is yours (`BAKERY_NOT_FOUND`).' },
});

/** GET /api/pos/receipts/{orderId}: the payer's receipt, read from the order's own partition. */
export function getReceipt({
  container,
}: Pick<PosDependencies, 'container'>): RouteHandler<typeof receiptRoute> {
  return async ({ principal, params }) => {
    const payment = await readPayment(await container(), params.orderId);
    if (
      !payment ||
      payment.userId !== principal.userId ||
      payment.status === 'cancelled' ||
      payment.status === 'refused'
    )
      throw notFound('The receipt');
    return { status: 200, body: receiptView(payment), headers: { 'cache-control': 'no-store' } };
  };
}

function receiptView(payment: PricedPayment) {
  const money = (amount: number) => ({ amount, currency: payment.currency });
  return {
    orderId: payment.orderId,
    status: receiptStatus(payment),
    placedAt: payment.placedAt,
    lines: payment.lines.map((l) => ({
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      listPrice: money(l.listPrice),
      discount: money(l.discount),
      unitPrice: money(l.unitPrice),
      lineTotal: money(l.lineTotal),
    })),
    discount: money(payment.discount),
    total: money(payment.total),
    ...('approvedAt' in payment ? { paidAt: payment.approvedAt } : {}),
    ...(payment.status === 'refunded' ? { refundedAt: payment.refundedAt } : {}),
  };
}
