import type { LiveMessage, LivePublisher } from '../../shared/live/port';
import type { Order } from './order';

/**
 * `order.updated`, pushed to the order's customer only (live-contract): the order's new status, with
 * its reason where the contract has one (rejected, cancelled). A page that missed one polls GET
 * /api/orders/{id}, which is the record.
 */
export interface OrderUpdated extends LiveMessage {
  type: 'order.updated';
  orderId: string;
  status: Order['status'];
  reason?: string;
}

/** The message for a committed change of the order, or undefined when its status did not move. */
export function orderUpdated(before: Order, after: Order): OrderUpdated | undefined {
  if (before.status === after.status) return undefined;
  return {
    type: 'order.updated',
    orderId: after.orderId,
    status: after.status,
    ...('reason' in after ? { reason: after.reason } : {}),
  };
}

/** After the order's write committed: tells its customer's sockets (best effort, never throws). */
export async function pushOrderUpdate(live: LivePublisher, before: Order, after: Order): Promise<void> {
  const message = orderUpdated(before, after);
  if (!message) return;
  try {
    await live.toUser(after.customerId, message);
  } catch (error) {
    console.warn(
      `sales: live order.updated not sent (the page polls GET /api/orders/{id}): ${String(error)}`,
    );
  }
}
