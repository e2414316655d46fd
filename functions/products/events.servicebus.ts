import { createHash } from 'node:crypto';
import * as df from 'durable-functions';
import { InvalidEventError } from '../../shared/events';
import { subscribe } from '../../shared/messaging/subscribe';
import { RESERVE_ORDER, reserveInstanceId } from './reserve-order.orchestration';
import {
  HAND_OVER_ORDER,
  RELEASE_ORDER,
  handOverInstanceId,
  releaseInstanceId,
} from './settle-order.orchestrations';
import { startOnce } from './start-once';
import { STOCK_BATCH } from './upkeep.orchestrations';

/**
 * What products hears: baked batches from production, and the order saga from sales. Handlers are
 * thin: each starts the orchestration for its message under a deterministic instance id, so a
 * redelivery or duplicate finds it and does nothing. Payloads are validated by `subscribe`; one
 * that breaks its contract is retried and dead-lettered with the reason.
 */
export function subscribeToEvents({ productIds }: { productIds: readonly string[] }): void {
  const known = new Set(productIds);
  const withClient = { extraInputs: [df.input.durableClient()] };

  subscribe(
    'products',
    'production',
    {
      'bakery.batch.baked.v1': async (event, context) => {
        const batch = event.data;
        // A shelf for a product this bakery does not sell would never be swept, shown or sold from.
        if (!known.has(batch.productId))
          throw new InvalidEventError(
            `bakery.batch.baked.v1: "${batch.productId}" is not a product of this bakery`,
          );
        const outcome = await startOnce(
          df.getClient(context),
          STOCK_BATCH,
          stockInstanceId(batch.batchId),
          batch,
        );
        context.log(`products: batch ${batch.batchId} (${batch.items.length} ${batch.productId}) ${outcome}`);
      },
    },
    withClient,
  );

  subscribe(
    'products',
    'sales',
    {
      'bakery.order.placed.v1': async (event, context) => {
        await startOnce(
          df.getClient(context),
          RESERVE_ORDER,
          reserveInstanceId(event.data.orderId),
          event.data,
        );
      },
      'bakery.order.paid.v1': async (event, context) => {
        await startOnce(
          df.getClient(context),
          HAND_OVER_ORDER,
          handOverInstanceId(event.data.orderId),
          event.data,
        );
      },
      'bakery.order.cancelled.v1': async (event, context) => {
        await startOnce(
          df.getClient(context),
          RELEASE_ORDER,
          releaseInstanceId(event.data.orderId),
          event.data,
        );
      },
    },
    withClient,
  );
}

/** Batch ids are production's to choose; one that is not URL-safe is hashed into the instance id. */
export function stockInstanceId(batchId: string): string {
  const safe = /^[A-Za-z0-9._:-]{1,100}$/.test(batchId)
    ? batchId
    : createHash('sha256').update(batchId).digest('hex').slice(0, 40);
  return `products-stock-${safe}`;
}
