import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import type { Clock } from '../../shared/clock';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { lastClosing, slotId, sweepSchedule, sweepSlot } from './slots';
import { startOnce } from './start-once';
import {
  CLOSE_DAY,
  SWEEP_SHELVES,
  closeInstanceId,
  sweepInstanceId,
  type CloseDayInput,
} from './upkeep.orchestrations';

export interface UpkeepTimerDependencies {
  clock: Clock;
  calendar: BakeryCalendar;
  staleSweepMinutes: number;
}

/**
 * The two shelf timers. Each works out the slot it is in from the clock (not from the schedule:
 * a late or repeated firing lands in the same slot) and starts that slot's orchestration once.
 * `done` only spares a call to the Durable API for a slot already started by this process;
 * correctness comes from the instance id.
 */
export function registerUpkeepTimers({ clock, calendar, staleSweepMinutes }: UpkeepTimerDependencies): void {
  const extraInputs = [df.input.durableClient()];

  const swept = new Set<string>();
  app.timer('products-stale-sweep', {
    schedule: sweepSchedule(staleSweepMinutes),
    extraInputs,
    handler: async (_timer: Timer, context: InvocationContext) => {
      const slot = sweepSlot(calendar, clock.now(), staleSweepMinutes);
      if (!slot || swept.has(slot)) return;
      await startOnce(df.getClient(context), SWEEP_SHELVES, sweepInstanceId(slotId(slot)), { slot });
      swept.add(slot);
      forgetOld(swept);
    },
  });

  const closed = new Set<string>();
  app.timer('products-closing', {
    // Every minute, so a closing missed while the app was down is caught up within a minute of starting.
    schedule: '0 * * * * *',
    extraInputs,
    handler: async (_timer: Timer, context: InvocationContext) => {
      const { day, closingAt } = lastClosing(calendar, clock.now());
      if (closed.has(day)) return;
      const input: CloseDayInput = { day, closingAt: new Date(closingAt).toISOString() };
      const outcome = await startOnce(df.getClient(context), CLOSE_DAY, closeInstanceId(day), input);
      if (outcome === 'started') context.log(`products: closing ${day}: throwing out what is not reserved`);
      closed.add(day);
      forgetOld(closed);
    },
  });
}

/** Keeps the in-process memo small; only the latest entries matter. */
function forgetOld(done: Set<string>): void {
  while (done.size > 16) done.delete(done.values().next().value as string);
}
