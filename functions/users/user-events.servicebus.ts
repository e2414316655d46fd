import type { InvocationContext } from '@azure/functions';
import type { BakeryEvent } from '../../shared/events/catalog';
import { assertNever } from '../../shared/assert-never';
import type { UsersDependencies } from './deps';
import { applyToPicture } from './picture-store';
import type { UserEventType } from './picture-types';

/**
 * Every event users reads, from auth, bank and sales alike: folded into the picture of the user it
 * is about. An invalid message never gets here (subscribe() validates it against the catalog).
 */
export function onUserEvent({ container }: Pick<UsersDependencies, 'container'>) {
  return async (event: BakeryEvent<UserEventType>, context: InvocationContext): Promise<void> => {
    const outcome = await applyToPicture(await container(), event);
    switch (outcome) {
      case 'applied':
        return;
      case 'duplicate':
        context.log(`users: ${event.type} ${event.id} was already applied`);
        return;
      default:
        return assertNever(outcome, 'unknown outcome');
    }
  };
}
