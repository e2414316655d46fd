import * as df from 'durable-functions';
import type { EventHandler } from '../../../shared/messaging/subscribe';
import { startOnce } from '../../../shared/durable/start-once';
import {
  HAND_OVER_ORDER,
  RELEASE_ORDER,
  handOverInstanceId,
  releaseInstanceId,
} from './after-sale.orchestrations';
import { RESERVE_ORDER, reserveInstanceId } from './reserve-order.orchestration';

/*
 * The order saga as sales tells it. Each handler only starts the orchestration for its message
 * under a deterministic instance id, so a redelivery or duplicate finds it and does nothing.
 * All three need the durable client as an extra input.
 */

export const onOrderPlaced: EventHandler<'bakery.order.placed.v1'> = async (event, context) => {
  await startOnce(df.getClient(context), RESERVE_ORDER, reserveInstanceId(event.data.orderId), event.data);
};

/**
 * Each order.paid starts its own hand-over, under an instance id from the event id: sales sends
 * order.paid again (`<orderId>:paid:<n>`) when no hand-over came, e.g. when the first found nothing
 * on the shelves yet. A redelivery of one event finds its instance; the shelf hands an order over at
 * most once (a second hand-over answers the same items, and order.handed-over keeps its one id).
 */
export const onOrderPaid: EventHandler<'bakery.order.paid.v1'> = async (event, context) => {
  const instanceId = handOverInstanceId(event.data.orderId, event.id);
  await startOnce(df.getClient(context), HAND_OVER_ORDER, instanceId, event.data);
};

export const onOrderCancelled: EventHandler<'bakery.order.cancelled.v1'> = async (event, context) => {
  await startOnce(df.getClient(context), RELEASE_ORDER, releaseInstanceId(event.data.orderId), event.data);
};
