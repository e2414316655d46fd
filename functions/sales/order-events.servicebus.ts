import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import type { BakeryEvent } from '../../shared/events';
import type { EventHandler } from '../../shared/messaging/subscribe';
import type { SalesDependencies } from './deps';
import { readOrder, recordFact } from './order-store';
import { SAGA_EVENTS } from './sell-order-decisions';

type Deps = Pick<SalesDependencies, 'container' | 'clock'>;

/*
 * What products and pos say about an order, turned into the saga's external events (instance id =
 * order id). A second copy is harmless: the saga waits for each name once and ignores the rest, and
 * a finished instance takes none (the durable client answers 410, which it reports as success).
 * Facts that matter after the saga ended (a payment, a refund) are also recorded on the order
 * itself, once per event, through a pure decision (order-steps.ts applyFact).
 */

/** order.reserved, order.reservation-failed, order.handed-over, payment.failed: only the saga acts on them. */
export function toSaga<T extends OrderEventType>(deps: Deps, name: string): EventHandler<T> {
  return async (event, context) => raise(deps, event, name, context);
}

type OrderEventType =
  | 'bakery.order.reserved.v1'
  | 'bakery.order.reservation-failed.v1'
  | 'bakery.order.handed-over.v1'
  | 'bakery.payment.succeeded.v1'
  | 'bakery.payment.failed.v1';

/** payment.succeeded: recorded on the order (refunded at once if the order already ended), then to the saga. */
export function onPaymentSucceeded(deps: Deps): EventHandler<'bakery.payment.succeeded.v1'> {
  return async (event, context) => {
    const { orderId, userId, chargeId, amount, paidAt } = event.data;
    const applied = await recordFact(deps, {
      customerId: userId,
      orderId,
      eventId: event.id,
      fact: { kind: 'payment-succeeded', payment: { chargeId, amount, paidAt } },
    });
    if (applied === 'no-order')
      throw new Error(`payment.succeeded ${event.id}: order ${orderId} of ${userId} is unknown`);
    await raise(deps, event, SAGA_EVENTS.paymentSucceeded, context);
  };
}

/** payment.refunded: the bank gave the payment back; the order says so. */
export function onPaymentRefunded(deps: Deps): EventHandler<'bakery.payment.refunded.v1'> {
  return async (event) => {
    const { orderId, userId, amount } = event.data;
    const applied = await recordFact(deps, {
      customerId: userId,
      orderId,
      eventId: event.id,
      fact: { kind: 'payment-refunded', amount },
    });
    if (applied === 'no-order')
      throw new Error(`payment.refunded ${event.id}: order ${orderId} of ${userId} is unknown`);
  };
}

async function raise(
  deps: Deps,
  event: Pick<BakeryEvent<OrderEventType>, 'id' | 'type' | 'data'>,
  name: string,
  context: InvocationContext,
): Promise<void> {
  const { orderId, userId } = event.data;
  try {
    // A finished instance: the durable client gets 410 and resolves; the fact is late and ignored.
    await df.getClient(context).raiseEvent(orderId, name, event.data);
  } catch (error) {
    if (!/No instance with ID/.test(error instanceof Error ? error.message : String(error))) throw error;
    // Throwing makes Service Bus redeliver (and dead-letter at last) with the reason.
    const order = await readOrder(await deps.container(), userId, orderId);
    if (!order)
      throw new Error(`${event.type} ${event.id}: order ${orderId} of ${userId} is unknown`, {
        cause: error,
      });
    throw new Error(`${event.type} ${event.id}: the sale of order ${orderId} has not started yet`, {
      cause: error,
    });
  }
}
