import { CLOSING, DAY, MINUTE, OPENING, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import {
  collectBatches,
  PRODUCTION_ONLY,
  slotOf,
  topologyWithoutDuplicateDetection,
  type BatchCollector,
} from './production-test-kit';
import { toIso } from '../../shared/clock';

// Stepping 600 bake ticks takes a few seconds, more on a loaded machine.
jest.setTimeout(60_000);

const NEXT_OPENING = OPENING + 24 * 60 * MINUTE;

/**
 * A whole default day, counted by hand from bakery.config.json (07:00–17:00, 600 minutes; slots at
 * opening + k × interval strictly before closing):
 *   bread     every 30 → 20 batches × 5 = 100    donut  every 1 → 600 × 1 = 600
 *   croissant every 60 → 10 × 6 = 60             baguette every 45 → ceil(600/45) = 14 × 4 = 56
 *   muffin    every 90 → ceil(600/90) = 7 × 6 = 42
 */
const EXPECTED = {
  bread: { batches: 20, items: 100, last: '16:30' },
  donut: { batches: 600, items: 600, last: '16:59' },
  croissant: { batches: 10, items: 60, last: '16:00' },
  baguette: { batches: 14, items: 56, last: '16:45' },
  muffin: { batches: 7, items: 42, last: '16:00' },
};

describe('a whole bakery day', () => {
  let bakery: Bakery;
  let oven: BatchCollector;
  beforeAll(async () => {
    bakery = await startBakery({ settings: PRODUCTION_ONLY, topology: topologyWithoutDuplicateDetection() });
    oven = collectBatches(bakery.runtime);
    await bakery.runtime.clock.advanceTo(CLOSING);
    await oven.quiet();
  });
  afterAll(async () => {
    await oven.close();
    await bakery.stop();
  });

  it.each(Object.entries(EXPECTED))('bakes exactly the %s the rules say', (productId, expected) => {
    const batches = oven.of(productId);
    expect(batches).toHaveLength(expected.batches);
    expect(batches.reduce((sum, batch) => sum + batch.items.length, 0)).toBe(expected.items);
    expect(slotOf(batches[0])).toBe('07:00');
    expect(slotOf(batches.at(-1)!)).toBe(expected.last);
    expect(batches.every((batch) => batch.batchId.startsWith(`${productId}-${DAY}T`))).toBe(true);
  });

  it('gives every item of the day its own id', () => {
    const ids = oven.batches.flatMap((batch) => batch.items.map((item) => item.id));
    expect(ids).toHaveLength(100 + 600 + 60 + 56 + 42);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('bakes nothing at or after closing, through the evening and the night', async () => {
    const before = oven.batches.length;
    await bakery.runtime.clock.advanceTo(NEXT_OPENING - MINUTE);
    await oven.quiet();
    expect(oven.batches).toHaveLength(before);
  });

  it('shows the next morning as the next bake once the day is done', async () => {
    const res = await http(bakery.runtime.baseUrl, 'GET', '/api/production/schedule', undefined, {
      authorization: `Bearer ${await bakery.staffToken()}`,
    });
    expect(res.status).toBe(200);
    const bread = res.json.items.find((item: { productId: string }) => item.productId === 'bread');
    expect(bread).toMatchObject({
      lastBakedAt: toIso(CLOSING - 30 * MINUTE),
      nextBakeAt: toIso(NEXT_OPENING),
    });
  });

  it('starts again at the next opening', async () => {
    await bakery.runtime.clock.advanceTo(NEXT_OPENING);
    await oven.quiet();
    expect(
      oven.batches
        .filter((batch) => batch.bakedAt === toIso(NEXT_OPENING))
        .map((batch) => batch.productId)
        .sort(),
    ).toEqual(['baguette', 'bread', 'croissant', 'donut', 'muffin']);
  });
});
