import { createHash } from 'node:crypto';
import * as df from 'durable-functions';
import { InvalidEventError } from '../../../shared/events';
import type { EventHandler } from '../../../shared/messaging/subscribe';
import { startOnce } from '../../../shared/durable/start-once';
import { STOCK_BATCH } from './upkeep.orchestrations';

/**
 * production's batch.baked: start the batch's stocking orchestration under a deterministic
 * instance id, so a redelivery or duplicate finds it and does nothing. Needs the durable client.
 */
export function onBatchBaked(productIds: readonly string[]): EventHandler<'bakery.batch.baked.v1'> {
  const known = new Set(productIds);
  return async (event, context) => {
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
  };
}

/** Batch ids are production's to choose; one that is not URL-safe is hashed into the instance id. */
function stockInstanceId(batchId: string): string {
  const safe = /^[A-Za-z0-9._:-]{1,100}$/.test(batchId)
    ? batchId
    : createHash('sha256').update(batchId).digest('hex').slice(0, 40);
  return `products-stock-${safe}`;
}
