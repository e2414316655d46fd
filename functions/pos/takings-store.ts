import type { Container } from '../../shared/store/port';
import type { PaymentDocument } from './pos-container';
import type { PricedPayment } from './payment';

/**
 * The payments whose charge was approved, or whose refund was made, on a bakery day: two
 * cross-partition queries, for the staff's takings view only, never a customer's request.
 */
export async function paymentsOfDay(container: Container, day: string) {
  const [approved, refunded] = await Promise.all([
    container.query<PaymentDocument>({
      where: [
        { field: 'kind', op: '=', value: 'payment' },
        { field: 'approvedDay', op: '=', value: day },
      ],
    }),
    container.query<PaymentDocument>({
      where: [
        { field: 'kind', op: '=', value: 'payment' },
        { field: 'refundedDay', op: '=', value: day },
      ],
    }),
  ]);
  return {
    approved: approved as unknown as Array<Extract<PricedPayment, { approvedDay: string }>>,
    refunded: (refunded as unknown as PricedPayment[]).filter(
      (p): p is Extract<PricedPayment, { status: 'refunded' }> => p.status === 'refunded',
    ),
  };
}
