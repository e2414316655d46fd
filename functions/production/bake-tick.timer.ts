import type { InvocationContext, Timer } from '@azure/functions';
import type { Clock } from '../../shared/clock';
import type { ProductConfig } from '../../shared/config';
import { createBakeryEvent } from '../../shared/events';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { bakeBatch } from './batch';
import { decideBake } from './bake-schedule';
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
 * `production-bake-tick` (every minute): for each product type, bakes every slot of today that is
 * due and not baked yet, oldest first. Idempotent per slot: a tick that fires twice finds nothing
 * left to bake, and a late tick (after downtime) catches up every slot it missed today.
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
      else if (result.value > 0) context.log(`baked ${result.value} batch(es) of ${deps.products[i].id}`);
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
): Promise<number> {
  let baked = 0;
  let lostRaces = 0;
  for (;;) {
    const versioned = await production.recipe(product);
    const decision = decideBake(versioned.recipe, deps.calendar, now);
    switch (decision.type) {
      case 'wait':
        return baked;
      case 'bake': {
        const batch = bakeBatch(versioned.recipe, decision.slot, deps.calendar);
        const event = createBakeryEvent('bakery.batch.baked.v1', batch, {
          clock: deps.clock,
          id: `${batch.batchId}:baked`,
        });
        const outcome = await production.recordBatch(versioned, batch, event);
        switch (outcome) {
          case 'baked':
            baked++;
            lostRaces = 0;
            break;
          case 'already-baked':
          case 'stale':
            if (++lostRaces > MAX_LOST_RACES)
              throw new Error(
                `${product.id}: gave up on slot ${batch.batchId} after ${MAX_LOST_RACES} lost races`,
              );
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
