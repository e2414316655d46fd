import type { InvocationContext, Timer, TimerHandler } from '@azure/functions';
import * as df from 'durable-functions';
import type { Clock } from '../../../shared/clock';
import type { BakeryCalendar } from '../../../shared/time/bakery-calendar';
import { lastClosing, slotId, sweepSlot } from './slots';
import { startOnce } from '../../../shared/durable/start-once';
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

/*
 * The two shelf timers. Each works out the slot it is in from the clock (not from the schedule:
 * a late or repeated firing lands in the same slot) and starts that slot's orchestration once.
 * The in-process memo only spares a call to the Durable API for a slot already started by this
 * process; correctness comes from the instance id. Both need the durable client as an extra input.
 */

/** Every minute, so a closing missed while the app was down is caught up within a minute of starting. */
export const CLOSING_SCHEDULE = '0 * * * * *';

/** Starts the current sweep slot's orchestration (schedule: `sweepSchedule(staleSweepMinutes)`). */
export function staleSweepTick({
  clock,
  calendar,
  staleSweepMinutes,
}: UpkeepTimerDependencies): TimerHandler {
  const swept = new Set<string>();
  return async (_timer: Timer, context: InvocationContext) => {
    const slot = sweepSlot(calendar, clock.now(), staleSweepMinutes);
    if (!slot || swept.has(slot)) return;
    await startOnce(df.getClient(context), SWEEP_SHELVES, sweepInstanceId(slotId(slot)), { slot });
    swept.add(slot);
    forgetOld(swept);
  };
}

/** Starts the closing of the last day that should be closed by now, once. */
export function closingTick({ clock, calendar }: UpkeepTimerDependencies): TimerHandler {
  const closed = new Set<string>();
  return async (_timer: Timer, context: InvocationContext) => {
    const { day, closingAt } = lastClosing(calendar, clock.now());
    if (closed.has(day)) return;
    const input: CloseDayInput = { day, closingAt: new Date(closingAt).toISOString() };
    const outcome = await startOnce(df.getClient(context), CLOSE_DAY, closeInstanceId(day), input);
    if (outcome === 'started') context.log(`products: closing ${day}: throwing out what is not reserved`);
    closed.add(day);
    forgetOld(closed);
  };
}

/** Keeps the in-process memo small; only the latest entries matter. */
function forgetOld(done: Set<string>): void {
  while (done.size > 16) done.delete(done.values().next().value as string);
}
