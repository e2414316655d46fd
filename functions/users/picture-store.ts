import { applyOnce, inboxOperation } from '../../shared/messaging/inbox';
import type { BatchOperation, Container, Stored } from '../../shared/store/port';
import { emptyPicture, evolve } from './picture';
import type { Picture, UserFact } from './picture-types';
import {
  MAX_ATTEMPTS,
  PARTITION_FIELD,
  PICTURE_ID,
  isLostRace,
  toPicture,
  toPictureDocument,
  type PictureDocument,
} from './users-container';

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * Folds one event into its user's picture, once: the inbox record of the event and the new
 * picture commit in one batch (a redelivery hits the inbox and changes nothing). The picture is
 * replaced only if it is still the one read (ETag), else read again and retried; the first event
 * about a user creates it, and a concurrent first event makes that a lost race too.
 */
export async function applyToPicture(
  container: Container,
  event: { id: string } & UserFact,
): Promise<ApplyOutcome> {
  const userId = event.data.userId;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = (await container.read(PICTURE_ID, userId)) as Stored<PictureDocument> | undefined;
    const next = toPictureDocument(evolve(current ? toPicture(current) : emptyPicture(userId), event));
    const write: BatchOperation = current
      ? { operationType: 'Replace', id: PICTURE_ID, resourceBody: next, ifMatch: current._etag }
      : { operationType: 'Create', resourceBody: next };
    try {
      const applied = await applyOnce(
        container,
        [inboxOperation(event.id, PARTITION_FIELD, userId), write],
        userId,
      );
      return applied ? 'applied' : 'duplicate';
    } catch (error) {
      if (!isLostRace(error, 1)) throw error;
    }
  }
  throw new Error(`the picture of user "${userId}" kept changing under us; Service Bus will redeliver`);
}

export async function readPicture(container: Container, userId: string): Promise<Picture | undefined> {
  const doc = (await container.read(PICTURE_ID, userId)) as Stored<PictureDocument> | undefined;
  return doc && toPicture(doc);
}
