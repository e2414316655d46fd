import type { BatchOperation, Container, PartitionKey } from '../store/port';
import { isStoreError } from '../store/port';

/**
 * Idempotent consumers record each handled event id in the same batch as the state change
 * (an "inbox" document). A redelivered event hits 409 on it, and nothing is applied twice.
 */
export function inboxOperation(
  eventId: string,
  partitionKeyField: string,
  partitionKey: PartitionKey,
): BatchOperation {
  return {
    operationType: 'Create',
    resourceBody: {
      id: `inbox:${eventId}`,
      kind: 'inbox',
      ttl: INBOX_TTL_SECONDS,
      [partitionKeyField]: partitionKey,
    },
  };
}

/**
 * Inbox records expire in Cosmos DB (containers have TTL on, see infra/modules/cosmos.bicep) after
 * Service Bus's default message time-to-live, past which no redelivery can arrive. The embedded
 * store keeps them (it has no TTL).
 */
export const INBOX_TTL_SECONDS = 14 * 24 * 3600;

/**
 * Runs a batch whose FIRST operation is an inbox (or other idempotency) Create. Returns false when
 * that operation conflicts: the work was done before and nothing changed now.
 */
export async function applyOnce(
  container: Container,
  operations: BatchOperation[],
  partitionKey: PartitionKey,
): Promise<boolean> {
  try {
    await container.batch(operations, partitionKey);
    return true;
  } catch (error) {
    if (isStoreError(error, 'batch-failed') && error.operationIndex === 0 && error.statusCode === 409)
      return false;
    throw error;
  }
}
