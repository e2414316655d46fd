import { CLOSING, MINUTE, OPENING, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import { collectBatches, slotOf, startProduction, type BatchCollector } from './production-test-kit';
import { toIso } from '../../shared/clock';

jest.setTimeout(30_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const start = startProduction;

describe('the bake tick through a morning', () => {
  let bakery: Bakery;
  let oven: BatchCollector;
  beforeAll(async () => {
    bakery = await start();
    oven = collectBatches(bakery.runtime);
  });
  afterAll(async () => {
    await oven.close();
    await bakery.stop();
  });

  it('bakes nothing before opening', async () => {
    await bakery.runtime.clock.advanceTo(OPENING - 1);
    await oven.quiet();
    expect(oven.batches).toEqual([]);
  });

  it('bakes every product type at opening, each item its own product', async () => {
    await bakery.runtime.clock.advanceTo(OPENING);
    await oven.quiet();
    expect(oven.batches.map((b) => [b.productId, b.items.length])).toEqual(
      expect.arrayContaining([
        ['bread', 5],
        ['donut', 1],
        ['croissant', 6],
        ['baguette', 4],
        ['muffin', 6],
      ]),
    );
    expect(oven.batches).toHaveLength(5);
    const [bread] = oven.of('bread');
    expect(bread).toMatchObject({ batchId: 'bread-2026-12-01T07:00', bakedAt: toIso(OPENING) });
    expect(new Set(bread.items.map((item) => item.id)).size).toBe(5);
    for (const item of bread.items) {
      expect(item).toEqual({
        id: expect.stringMatching(UUID),
        bakedAt: toIso(OPENING),
        expiresAt: toIso(CLOSING),
      });
    }
    expect(oven.of('donut')[0].items).toEqual([
      { id: expect.stringMatching(UUID), bakedAt: toIso(OPENING), expiresAt: toIso(OPENING + 25 * MINUTE) },
    ]);
    const allIds = oven.batches.flatMap((b) => b.items.map((item) => item.id));
    expect(new Set(allIds).size).toBe(5 + 1 + 6 + 4 + 6);
  });

  it('bakes bread every 30 minutes and a donut every minute', async () => {
    await bakery.runtime.clock.advanceTo(OPENING + 30 * MINUTE);
    await oven.quiet();
    expect(oven.of('bread').map(slotOf)).toEqual(['07:00', '07:30']);
    expect(oven.of('donut')).toHaveLength(31);
    expect(oven.of('donut')[30]).toMatchObject({
      batchId: 'donut-2026-12-01T07:30',
      bakedAt: toIso(OPENING + 30 * MINUTE),
    });
  });

  it('does not bake again when time is stepped to the same minute in pieces', async () => {
    await bakery.runtime.clock.advanceTo(OPENING + 30 * MINUTE + 20_000);
    await bakery.runtime.clock.advanceTo(OPENING + 30 * MINUTE + 59_999);
    await oven.quiet();
    expect(oven.of('donut')).toHaveLength(31);
  });

  it('shows staff the last and next bake', async () => {
    const res = await http(bakery.runtime.baseUrl, 'GET', '/api/production/schedule', undefined, {
      authorization: `Bearer ${await bakery.staffToken()}`,
    });
    expect(res.status).toBe(200);
    expect(res.json.asOf).toBe(toIso(OPENING + 30 * MINUTE + 59_999));
    expect(res.json.items).toEqual([
      {
        productId: 'bread',
        bakeEveryMinutes: 30,
        batchSize: 5,
        shelfLifeMinutes: null,
        lastBakedAt: toIso(OPENING + 30 * MINUTE),
        nextBakeAt: toIso(OPENING + 60 * MINUTE),
      },
      {
        productId: 'donut',
        bakeEveryMinutes: 1,
        batchSize: 1,
        shelfLifeMinutes: 25,
        lastBakedAt: toIso(OPENING + 30 * MINUTE),
        nextBakeAt: toIso(OPENING + 31 * MINUTE),
      },
      {
        productId: 'croissant',
        bakeEveryMinutes: 60,
        batchSize: 6,
        shelfLifeMinutes: 240,
        lastBakedAt: toIso(OPENING),
        nextBakeAt: toIso(OPENING + 60 * MINUTE),
      },
      {
        productId: 'baguette',
        bakeEveryMinutes: 45,
        batchSize: 4,
        shelfLifeMinutes: 360,
        lastBakedAt: toIso(OPENING),
        nextBakeAt: toIso(OPENING + 45 * MINUTE),
      },
      {
        productId: 'muffin',
        bakeEveryMinutes: 90,
        batchSize: 6,
        shelfLifeMinutes: 180,
        lastBakedAt: toIso(OPENING),
        nextBakeAt: toIso(OPENING + 90 * MINUTE),
      },
    ]);
  });
});

describe('a bake tick that fires twice', () => {
  it('bakes each slot once, even when both run at the same time', async () => {
    // Started at 07:00:00 sharp: the timer's first occurrence is 07:01, so the 07:00 slot is due
    // and no tick has baked it yet. The extra firings go through the host's admin API, which runs
    // a timer function at once, beside its schedule (?wait=true: answers when the run is over).
    const bakery = await start({ startAt: OPENING });
    const oven = collectBatches(bakery.runtime);
    try {
      const invoke = async () => {
        const res = await http(
          bakery.runtime.baseUrl,
          'POST',
          '/admin/functions/production-bake-tick?wait=true',
          { input: '' },
        );
        expect(res.status).toBe(204);
      };
      await Promise.all([invoke(), invoke(), invoke()]);
      await invoke();
      await oven.quiet();
      expect(oven.batches.map((b) => b.batchId).sort()).toEqual(
        ['baguette', 'bread', 'croissant', 'donut', 'muffin'].map((p) => `${p}-2026-12-01T07:00`),
      );

      await bakery.runtime.clock.advanceTo(OPENING + MINUTE);
      await invoke();
      await oven.quiet();
      expect(oven.of('donut').map(slotOf)).toEqual(['07:00', '07:01']);
      expect(oven.batches).toHaveLength(6);
    } finally {
      await oven.close();
      await bakery.stop();
    }
  });
});
