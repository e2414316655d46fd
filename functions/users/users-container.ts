import type { ContainerDefinition, Document } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import type { Picture } from './picture-types';

/**
 * users' one Cosmos container, partitioned by user: a user's picture and the inbox records of the
 * events applied to it share a partition, so each change and its inbox record commit in one batch.
 */
export const USERS_CONTAINER: ContainerDefinition = { name: 'users', partitionKeyPath: '/userId' };
export const PARTITION_FIELD = 'userId';

export const PICTURE_ID = 'picture';

export interface PictureDocument extends Document, Picture {
  id: typeof PICTURE_ID;
  kind: 'picture';
}

export function toPictureDocument(picture: Picture): PictureDocument {
  return { id: PICTURE_ID, kind: 'picture', ...picture };
}

export function toPicture(doc: PictureDocument): Picture {
  const { userId, profile, account, orders, refunds } = doc;
  return {
    userId,
    ...(profile ? { profile } : {}),
    ...(account ? { account } : {}),
    orders,
    refunds,
  };
}

/**
 * A lost optimistic-concurrency race on the picture (operation `index` of the batch): someone
 * replaced it after our read (412), or created it first (409).
 */
export function isLostRace(error: unknown, index: number): boolean {
  return (
    isStoreError(error, 'batch-failed') &&
    error.operationIndex === index &&
    (error.statusCode === 412 || error.statusCode === 409)
  );
}

/**
 * Read-modify-write attempts before giving up (the message is then redelivered by Service Bus).
 * Only the events of one user race for a picture, so a handful is plenty.
 */
export const MAX_ATTEMPTS = 10;
