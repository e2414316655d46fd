import type { InvocationContext } from '@azure/functions';
import { assertNever } from '../../shared/assert-never';
import { isoNow } from '../../shared/clock';
import type { BakeryEvent } from '../../shared/events/catalog';
import type { PosDependencies } from './deps';
import { applyToPayment, type Applied } from './payment-store';
import { loadPriceList } from './price-list-store';
import { priceOrder } from './pricing';

/**
 * The events that move an order's payment: from sales (payment.requested, order.cancelled,
 * refund.requested) and from the bank (charge.approved, charge.declined, charge.refunded). Each
 * handler turns the event into a pos input and applies it once (payment-store.ts, decisions.ts).
 */
export function salesHandlers(deps: PosDependencies) {
  return {
    'bakery.payment.requested.v1': async (
      event: BakeryEvent<'bakery.payment.requested.v1'>,
      context: InvocationContext,
    ) => {
      const { data } = event;
      const applied = await applyToPayment(deps, event.id, data.orderId, async () => ({
        type: 'payment.requested',
        data,
        pricing: priceOrder({
          lines: data.lines,
          placedAt: Date.parse(data.placedAt),
          priceList: await loadPriceList(
            deps,
            data.lines.map((l) => l.productId),
          ),
          calendar: deps.calendar,
          closingDiscountMinutes: deps.closingDiscountMinutes,
        }),
        at: isoNow(deps.clock),
      }));
      report(applied, event, context);
    },
    'bakery.order.cancelled.v1': async (
      event: BakeryEvent<'bakery.order.cancelled.v1'>,
      context: InvocationContext,
    ) => {
      const applied = await applyToPayment(deps, event.id, event.data.orderId, () => ({
        type: 'order.cancelled',
        data: event.data,
      }));
      report(applied, event, context);
    },
    'bakery.refund.requested.v1': async (
      event: BakeryEvent<'bakery.refund.requested.v1'>,
      context: InvocationContext,
    ) => {
      const applied = await applyToPayment(deps, event.id, event.data.orderId, () => ({
        type: 'refund.requested',
        data: event.data,
        at: isoNow(deps.clock),
      }));
      report(applied, event, context);
    },
  };
}

export function bankHandlers(deps: PosDependencies) {
  const dayOf = (iso: string) => deps.calendar.dayOf(Date.parse(iso));
  return {
    'bakery.charge.approved.v1': async (
      event: BakeryEvent<'bakery.charge.approved.v1'>,
      context: InvocationContext,
    ) => {
      const applied = await applyToPayment(deps, event.id, event.data.orderId, () => ({
        type: 'charge.approved',
        data: event.data,
        approvedDay: dayOf(event.data.approvedAt),
      }));
      report(applied, event, context);
    },
    'bakery.charge.declined.v1': async (
      event: BakeryEvent<'bakery.charge.declined.v1'>,
      context: InvocationContext,
    ) => {
      const applied = await applyToPayment(deps, event.id, event.data.orderId, () => ({
        type: 'charge.declined',
        data: event.data,
      }));
      report(applied, event, context);
    },
    'bakery.charge.refunded.v1': async (
      event: BakeryEvent<'bakery.charge.refunded.v1'>,
      context: InvocationContext,
    ) => {
      const applied = await applyToPayment(deps, event.id, event.data.orderId, () => ({
        type: 'charge.refunded',
        data: event.data,
        refundedDay: dayOf(event.data.refundedAt),
      }));
      report(applied, event, context);
    },
  };
}

function report(applied: Applied, event: BakeryEvent, context: InvocationContext): void {
  switch (applied.kind) {
    case 'recorded':
      return;
    case 'duplicate':
      context.log(`pos: ${event.type} ${event.id} was applied before; nothing changed`);
      return;
    case 'ignore':
      context.log(`pos: ${event.type} ${event.id} changes nothing: ${applied.why}`);
      return;
    default:
      return assertNever(applied, 'unknown outcome');
  }
}
