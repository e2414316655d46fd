import type { InvocationContext, Timer } from '@azure/functions';
import type { MenuDependencies } from './deps';
import { recordDiscountWindows } from './window-store';

/**
 * Every minute: records when the day's closing-discount window was seen to start and to end. Safe
 * to fire twice or late (each transition is written once; missed days are caught up). Prices do not
 * wait for it: GET /api/menu derives the discount from the clock.
 */
export function discountWindowTick({
  container,
  clock,
  discount,
}: Pick<MenuDependencies, 'container' | 'clock' | 'discount'>) {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    const now = clock.now();
    const changes = await recordDiscountWindows(await container(), discount, now);
    for (const { day, state } of changes) {
      const late = timer.isPastDue ? ' (timer past due)' : '';
      context.log(
        `menu: closing discount of ${day} ${state.status} (recorded ${new Date(now).toISOString()})${late}`,
      );
    }
  };
}
