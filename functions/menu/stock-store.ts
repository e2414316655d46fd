import { applyOnce, inboxOperation } from '../../shared/messaging/inbox';
import type { BatchOperation, Container, Stored } from '../../shared/store/port';
import { decideStock, type StockChanged } from './availability';
import { MAX_ATTEMPTS, PARTITION_FIELD, STOCK_ID, isLostRace, type StockDocument } from './menu-container';

export type StockOutcome =
  { kind: 'applied'; version: number } | { kind: 'stale'; heldVersion: number } | { kind: 'duplicate' };

/**
 * Records a shelf's new stock level once: the inbox record of the event and the new level commit in
 * one batch (a redelivery hits the inbox and changes nothing); a level older than the one held is
 * ignored; a concurrent write of the same level document is retried from a fresh read.
 */
export async function recordStockLevel(
  container: Container,
  eventId: string,
  productId: string,
  change: StockChanged,
): Promise<StockOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = (await container.read(STOCK_ID, productId)) as Stored<StockDocument> | undefined;
    const decision = decideStock(current, change);
    if (decision.kind === 'stale') return decision;
    const doc: StockDocument = { id: STOCK_ID, kind: 'stock', productId, eventId, ...decision.level };
    const write: BatchOperation = current
      ? { operationType: 'Replace', id: STOCK_ID, resourceBody: doc, ifMatch: current._etag }
      : { operationType: 'Create', resourceBody: doc };
    try {
      const applied = await applyOnce(
        container,
        [inboxOperation(eventId, PARTITION_FIELD, productId), write],
        productId,
      );
      return applied ? { kind: 'applied', version: doc.version } : { kind: 'duplicate' };
    } catch (error) {
      if (!isLostRace(error, 1)) throw error;
    }
  }
  throw new Error(`stock level of "${productId}" kept changing under us; Service Bus will redeliver`);
}
