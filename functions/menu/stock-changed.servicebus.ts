import type { InvocationContext } from '@azure/functions';
import type { BakeryEvent } from '../../shared/events/catalog';
import type { MenuDependencies } from './deps';
import { recordStockLevel } from './stock-store';
import { pushMenuChange } from './menu-push';
import { assertNever } from '../../shared/assert-never';

/**
 * `bakery.stock.changed.v1` from products: the one source of what is on the shelves. Once a new
 * level has committed, browsers get the product's new availability (menu.changed); a stale or
 * duplicate event changed nothing, so it pushes nothing.
 */
export function onStockChanged(deps: MenuDependencies) {
  return async (event: BakeryEvent<'bakery.stock.changed.v1'>, context: InvocationContext): Promise<void> => {
    const { productId, version, expiries, asOf } = event.data;
    const outcome = await recordStockLevel(await deps.container(), event.id, productId, {
      version,
      expiries,
      asOf,
    });
    switch (outcome.kind) {
      case 'applied':
        return pushMenuChange(deps, new Set([productId]), (m) => context.warn(m));
      case 'stale':
        context.log(
          `menu: ${productId} stock version ${version} arrived after ${outcome.heldVersion}; ignored`,
        );
        return;
      case 'duplicate':
        context.log(`menu: stock event ${event.id} was already applied`);
        return;
      default:
        return assertNever(outcome, 'unknown outcome');
    }
  };
}
