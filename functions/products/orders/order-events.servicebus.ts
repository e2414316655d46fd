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

export const onOrderPaid: EventHandler<'bakery.order.paid.v1'> = async (event, context) => {
  await startOnce(df.getClient(context), HAND_OVER_ORDER, handOverInstanceId(event.data.orderId), event.data);
};

export const onOrderCancelled: EventHandler<'bakery.order.cancelled.v1'> = async (event, context) => {
  await startOnce(df.getClient(context), RELEASE_ORDER, releaseInstanceId(event.data.orderId), event.data);
};
