import type { InvocationContext, Timer } from '@azure/functions';
import type { Clock } from '../../shared/clock';
import type { ProductConfig } from '../../shared/config';
import { createBakeryEvent } from '../../shared/events';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { bakeBatch, batchIdOf } from './batch';
import { decideBake, type SkippedRun } from './bake-schedule';
import type { ProductionDependencies } from './dependencies';
import type { ProductionStore } from './production-store';
import { assertNever } from '../../shared/assert-never';

/**
 * Concurrent writers (a second tick, a staff change) can make a bake attempt lose a race; each loss
 * means someone else made progress, so a handful in a row for one product is already abnormal.
 */
const MAX_LOST_RACES = 10;

export type BakeTickDependencies = Pick<
  ProductionDependencies,
  'production' | 'clock' | 'calendar' | 'products'
>;

/**
 * `production-bake-tick` (every minute): for each product type, bakes the slot that is due now, if
 * any, and writes off (records as skipped) the open slots whose time has passed — bake-schedule.ts.
 * Idempotent per slot: a tick that fires twice finds nothing left to decide, and a tick after
 * downtime bakes at most the batch due now instead of the whole missed morning.
 */
export function bakeTick(deps: BakeTickDependencies) {
  return async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const now = deps.clock.now();
    const production = await deps.production();
    const results = await Promise.allSettled(
      deps.products.map((product) => bakeDue(production, product, deps, now)),
    );
    const failures: unknown[] = [];
    results.forEach((result, i) => {
      if (result.status === 'rejected') failures.push(result.reason);
      else {
        const { baked, skipped } = result.value;
        if (baked > 0) context.log(`baked ${baked} batch(es) of ${deps.products[i].id}`);
        if (skipped > 0)
          context.warn(`skipped ${skipped} missed batch(es) of ${deps.products[i].id} (past their time)`);
      }
    });
    // One product's failure must not hold back the others; the next tick retries what is left.
    if (failures.length > 0)
      throw new AggregateError(failures, `bake tick failed for ${failures.length} product(s)`);
  };
}

async function bakeDue(
  production: ProductionStore,
  product: ProductConfig,
  deps: { clock: Clock; calendar: BakeryCalendar },
  now: number,
): Promise<{ baked: number; skipped: number }> {
  const done = { baked: 0, skipped: 0 };
  let lostRaces = 0;
  const lost = (what: string) => {
    if (++lostRaces > MAX_LOST_RACES)
      throw new Error(`${product.id}: gave up on ${what} after ${MAX_LOST_RACES} lost races`);
  };
  for (;;) {
    const versioned = await production.recipe(product);
    const decision = decideBake(versioned.recipe, deps.calendar, now);
    switch (decision.type) {
      case 'wait':
        return done;
      case 'skip': {
        const skipped = toRecord(product, decision.skipped, deps.calendar);
        const outcome = await production.recordSkips(versioned, skipped, now);
        switch (outcome) {
          case 'skipped':
            done.skipped += slots(skipped);
            lostRaces = 0;
            break;
          case 'stale':
            lost(`skipping ${skipped[0].firstBatchId}`);
            break;
          default:
            return assertNever(outcome);
        }
        break;
      }
      case 'bake': {
        const batch = bakeBatch(versioned.recipe, decision.slot, deps.calendar);
        const event = createBakeryEvent('bakery.batch.baked.v1', batch, {
          clock: deps.clock,
          id: `${batch.batchId}:baked`,
        });
        const skipped = toRecord(product, decision.skipped, deps.calendar);
        const outcome = await production.recordBatch(versioned, batch, event, skipped, now);
        switch (outcome) {
          case 'baked':
            done.baked++;
            done.skipped += slots(skipped);
            lostRaces = 0;
            break;
          case 'already-baked':
          case 'stale':
            lost(`slot ${batch.batchId}`);
            break;
          default:
            return assertNever(outcome);
        }
        break;
      }
      default:
        return assertNever(decision);
    }
  }
}

const toRecord = (product: ProductConfig, runs: readonly SkippedRun[], calendar: BakeryCalendar) =>
  runs.map((run) => ({ ...run, firstBatchId: batchIdOf(product.id, run.from, calendar) }));

const slots = (runs: readonly SkippedRun[]) => runs.reduce((sum, run) => sum + run.slots, 0);
