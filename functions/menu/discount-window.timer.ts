import type { InvocationContext, Timer } from '@azure/functions';
import type { MenuDependencies } from './deps';
import { discountedProducts } from './menu-live';
import { pushMenuChange } from './menu-push';
import { recordDiscountWindows } from './window-store';

/**
 * Every minute: records when the day's closing-discount window was seen to start and to end. Safe
 * to fire twice or late (each transition is written once; missed days are caught up). Prices do not
 * wait for it: GET /api/menu derives the discount from the clock. Once today's start or end has
 * committed, browsers get the new prices of the discounted products (menu.changed); a caught-up
 * older day moves no price today, and a second firing records nothing, so neither pushes.
 */
export function discountWindowTick(deps: MenuDependencies) {
  const { container, clock, discount } = deps;
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    const now = clock.now();
    const changes = await recordDiscountWindows(await container(), discount, now);
    const today = discount.calendar.dayOf(now);
    if (changes.some((change) => change.day === today))
      await pushMenuChange(deps, discountedProducts, (m) => context.warn(m));
    for (const { day, state } of changes) {
      const late = timer.isPastDue ? ' (timer past due)' : '';
      context.log(
        `menu: closing discount of ${day} ${state.status} (recorded ${new Date(now).toISOString()})${late}`,
      );
    }
  };
}
