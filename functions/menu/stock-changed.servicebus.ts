import type { InvocationContext } from '@azure/functions';
import type { BakeryEvent } from '../../shared/events/catalog';
import type { MenuDependencies } from './deps';
import { recordStockLevel } from './stock-store';
import { assertNever } from '../../shared/assert-never';

/** `bakery.stock.changed.v1` from products: the one source of what is on the shelves. */
export function onStockChanged({ container }: Pick<MenuDependencies, 'container'>) {
  return async (event: BakeryEvent<'bakery.stock.changed.v1'>, context: InvocationContext): Promise<void> => {
    const { productId, version, expiries, asOf } = event.data;
    const outcome = await recordStockLevel(await container(), event.id, productId, {
      version,
      expiries,
      asOf,
    });
    switch (outcome.kind) {
      case 'applied':
        return;
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
