/**
 * Helpers for production's integration tests (kept out of *.test.ts so jest does not run it as a
 * suite). They observe production only through what another service could see: the events on the
 * `production` topic, read through the `products` subscription while the products service is not
 * loaded (BAKERY_SERVICES=production).
 */
import type { Runtime } from '../../local/runtime';
import { startBakery } from '../../test/support/bakery-harness';
import { catalog, deriveTopology, parseEvent, type Topology } from '../../shared/events';
import type { BatchBaked } from './batch';

/** Lets the app load only production (and health): nobody else consumes its events. */
export const PRODUCTION_ONLY = { BAKERY_SERVICES: 'production' };

/**
 * The catalog's topology with duplicate detection OFF on the production topic, so a batch that
 * production published twice would reach the test twice instead of being hidden by the broker.
 */
/** The real app with only production loaded, duplicate detection off so a re-sent batch is seen. */
export const startProduction = (options: { startAt?: number; stateDir?: string } = {}) =>
  startBakery({ ...options, settings: PRODUCTION_ONLY, topology: topologyWithoutDuplicateDetection() });

export function topologyWithoutDuplicateDetection(): Topology {
  const topology = deriveTopology(catalog);
  return {
    topics: topology.topics.map((topic) =>
      topic.name === 'production' ? { ...topic, duplicateDetectionWindowMs: 0 } : topic,
    ),
  };
}

export interface BatchCollector {
  /** Every bakery.batch.baked.v1 received so far, validated against the catalog, in arrival order. */
  readonly batches: BatchBaked[];
  /** Batches of one product type. */
  of(productId: string): BatchBaked[];
  /** Waits until the app is idle and every published batch has reached this collector. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

export function collectBatches(runtime: Runtime): BatchCollector {
  const batches: BatchBaked[] = [];
  const subscription = runtime.bus.subscribe('production', 'products', async (message) => {
    const event = parseEvent(message.body);
    if (event.type !== 'bakery.batch.baked.v1')
      throw new Error(`unexpected ${event.type} on the production topic`);
    batches.push(event.data);
  });
  const drained = () =>
    runtime.bus.stats().every((s) => s.topic !== 'production' || (s.active === 0 && s.inFlight === 0));
  return {
    batches,
    of: (productId) => batches.filter((batch) => batch.productId === productId),
    quiet: async () => {
      for (let quiet = 0; quiet < 3;) {
        await runtime.idle();
        await new Promise((resolve) => setImmediate(resolve));
        quiet = drained() ? quiet + 1 : 0;
      }
      const dead = runtime.bus.deadLetters('production', 'products');
      if (dead.length > 0)
        throw new Error(`dead-lettered: ${dead.map((d) => d.deadLetterErrorDescription).join('; ')}`);
    },
    close: () => subscription.close(),
  };
}

/** Bakery-local wall time of a batch's slot, e.g. `07:30` (batch ids end in the local time). */
export const slotOf = (batch: BatchBaked): string => batch.batchId.slice(-5);
