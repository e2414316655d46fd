import type { LiveMessage } from '../../shared/live/port';
import type { Money } from './closing-discount';
import type { MenuView } from './menu-view';

/**
 * `menu.changed`, pushed to every connected browser (live-contract: "only the products that
 * changed"): each line is what GET /api/menu would say of the product at `asOf`, so a page can patch
 * its copy without reloading. A page that missed one polls GET /api/menu, which is always exact.
 */
export interface MenuChangeLine {
  productId: string;
  available: number;
  currentPrice: Money;
  discounted: boolean;
}

export interface MenuChanged extends LiveMessage {
  type: 'menu.changed';
  asOf: string;
  items: MenuChangeLine[];
}

/** The lines of `view` for `productIds` (in menu order); undefined when none is on the menu. */
export function menuChanged(view: MenuView, productIds: ReadonlySet<string>): MenuChanged | undefined {
  const items = view.items
    .filter((line) => productIds.has(line.productId))
    .map(({ productId, available, currentPrice, discounted }) => ({
      productId,
      available,
      currentPrice,
      discounted,
    }));
  return items.length === 0 ? undefined : { type: 'menu.changed', asOf: view.asOf, items };
}

/** The products whose current price the closing-discount window moves (a 0 % discount moves none). */
export function discountedProducts(view: MenuView): Set<string> {
  return new Set(view.items.filter((line) => line.closingDiscountPercent > 0).map((line) => line.productId));
}
