import type { EventHandler } from '../../shared/messaging/subscribe';
import { recordMenuItem } from './catalog-store';
import type { SalesDependencies } from './deps';

/** menu-item.changed: sales' own copy of what is on sale (the newest version wins, redelivery changes nothing). */
export function onMenuItemChanged(
  deps: Pick<SalesDependencies, 'container'>,
): EventHandler<'bakery.menu-item.changed.v1'> {
  return async (event) => {
    await recordMenuItem(deps, event.data);
  };
}
