import type { InvocationContext } from '@azure/functions';
import type { BakeryEvent } from '../../shared/events/catalog';
import { openAccountOnce } from './account-store';
import type { BankDependencies } from './deps';

/** `bakery.user.signed-up.v1` from auth: open the new customer's account, once. */
export function onSignedUp(deps: Pick<BankDependencies, 'container' | 'clock' | 'currency'>) {
  return async (
    event: BakeryEvent<'bakery.user.signed-up.v1'>,
    context: InvocationContext,
  ): Promise<void> => {
    const outcome = await openAccountOnce(deps, event.data.userId);
    if (outcome === 'already-open') context.log(`bank: the account of ${event.data.userId} is already open`);
  };
}
