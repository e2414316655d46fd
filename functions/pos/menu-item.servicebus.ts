import type { InvocationContext } from '@azure/functions';
import type { BakeryEvent } from '../../shared/events/catalog';
import type { PosDependencies } from './deps';
import { recordPriceVersion } from './price-list-store';

/** `bakery.menu-item.changed.v1` from menu: one more version of the item in pos's price list. */
export function onMenuItemChanged(deps: Pick<PosDependencies, 'container'>) {
  return async (
    event: BakeryEvent<'bakery.menu-item.changed.v1'>,
    context: InvocationContext,
  ): Promise<void> => {
    const { productId, version } = event.data;
    if ((await recordPriceVersion(await deps.container(), event.data)) === 'duplicate')
      context.log(`pos: ${productId} version ${version} is already in the price list (${event.id})`);
  };
}
