import type { MenuDependencies } from './deps';
import { loadMenuState } from './catalog-store';
import { buildMenu, type MenuView } from './menu-view';
import { menuChanged } from './menu-live';
import { readWindow } from './window-store';

type PushDependencies = Pick<
  MenuDependencies,
  'container' | 'clock' | 'bakery' | 'calendar' | 'discount' | 'live'
>;

/** The menu now, exactly as GET /api/menu computes it. */
export async function menuNow({
  container,
  clock,
  bakery,
  calendar,
  discount,
}: PushDependencies): Promise<MenuView> {
  const now = clock.now();
  const menu = await container();
  const [{ items, stock }, window] = await Promise.all([
    loadMenuState(menu, { products: bakery.products, currency: bakery.currency }, now),
    readWindow(menu, calendar.dayOf(now)),
  ]);
  return buildMenu({ items, stock, window, calendar, discount, now });
}

/**
 * After a change has committed: pushes `menu.changed` for the products it touched. Best effort —
 * a failure to read the menu or to send is logged and dropped, never failing the change (or making
 * Service Bus redeliver an event that was applied).
 */
export async function pushMenuChange(
  deps: PushDependencies,
  productIds: ReadonlySet<string> | ((view: MenuView) => ReadonlySet<string>),
  log: (message: string) => void,
): Promise<void> {
  try {
    const view = await menuNow(deps);
    const message = menuChanged(view, typeof productIds === 'function' ? productIds(view) : productIds);
    if (message) await deps.live.toAll(message);
  } catch (error) {
    log(`menu: live menu.changed not sent (clients poll GET /api/menu): ${String(error)}`);
  }
}
