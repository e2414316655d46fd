import * as df from 'durable-functions';
import type { InvocationContext } from '@azure/functions';
import { startOnce } from '../../shared/durable/start-once';
import type { Document } from '../../shared/store/port';
import type { Order } from './order';
import { SELL_ORDER, type SellOrderInput } from './sell-order.orchestration';

/**
 * `sales-start-sale`, a change-feed function on the sales container: every order still `placed`
 * and not yet announced gets its saga started (startOnce; POST /api/orders has usually done it
 * already). It finishes the start of an order whose request stopped between its write and
 * startNew, so no order holds an open-order place without a saga. Retried until it succeeds.
 */
export function startSaleFeed() {
  return async (documents: unknown[], context: InvocationContext): Promise<void> => {
    const waiting = (documents as Array<Document & Partial<Order>>).filter(
      (d) => d.kind === 'order' && d.status === 'placed' && d.announcedAt === undefined,
    );
    for (const order of waiting) {
      const input: SellOrderInput = { orderId: order.orderId!, customerId: order.customerId! };
      await startOnce(df.getClient(context), SELL_ORDER, input.orderId, input);
    }
  };
}
