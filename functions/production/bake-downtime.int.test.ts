import { CLOSING, MINUTE, OPENING, type Bakery } from '../../test/support/bakery-harness';
import { http, tempDir } from '../../test/support/runtime-harness';
import { collectBatches, slotOf, startProduction } from './production-test-kit';
import { toIso } from '../../shared/clock';

/** Production after downtime (docs/decisions.md, Production) and the staff report of what was skipped. */
// These start the bakery two or three times on one state folder.
jest.setTimeout(30_000);

const start = startProduction;

type ProductionDay = {
  productId: string;
  batches: number;
  items: number;
  skippedBatches: number;
  skippedItems: number;
  skipped: Array<{ from: string; to: string; batches: number; items: number }>;
};

const staffGet = async (bakery: Bakery, path: string) =>
  http(bakery.runtime.baseUrl, 'GET', path, undefined, {
    authorization: `Bearer ${await bakery.staffToken()}`,
  });

async function report(bakery: Bakery, date = '2026-12-01'): Promise<Record<string, ProductionDay>> {
  const res = await staffGet(bakery, `/api/production/report?date=${date}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.json.date).toBe(date);
  return Object.fromEntries((res.json.products as ProductionDay[]).map((p) => [p.productId, p]));
}

const at = (minutesAfterOpening: number) => toIso(OPENING + minutesAfterOpening * MINUTE);

describe('downtime', () => {
  it('a bakery started for the first time at 11:00 bakes what is due then, not the morning', async () => {
    const bakery = await start({ startAt: OPENING + 240 * MINUTE });
    const oven = collectBatches(bakery.runtime);
    try {
      // The timer's first occurrence is 11:01 (as in Azure, not at start).
      await bakery.runtime.clock.advanceTo(OPENING + 241 * MINUTE);
      await oven.quiet();
      expect(oven.of('donut').map(slotOf)).toEqual(['11:01']);
      expect(oven.of('bread').map(slotOf)).toEqual(['11:00']);
      expect(oven.of('croissant').map(slotOf)).toEqual(['11:00']);
      // Baguettes (every 45) were due at 10:45 until 11:30; muffins (every 90) at 10:00 until 11:30.
      expect(oven.of('baguette').map(slotOf)).toEqual(['10:45']);
      expect(oven.of('muffin').map(slotOf)).toEqual(['10:00']);
      expect(oven.of('muffin')[0].items[0]).toMatchObject({ bakedAt: at(180), expiresAt: at(360) });
      expect(oven.batches).toHaveLength(5);

      const schedule = await staffGet(bakery, '/api/production/schedule');
      const next = Object.fromEntries(
        schedule.json.items.map((i: { productId: string; nextBakeAt: string }) => [
          i.productId,
          i.nextBakeAt,
        ]),
      );
      expect(next).toEqual({
        bread: at(270),
        donut: at(242),
        croissant: at(300),
        baguette: at(270),
        muffin: at(270),
      });

      const day = await report(bakery);
      expect(day.donut).toEqual({
        productId: 'donut',
        batches: 1,
        items: 1,
        skippedBatches: 241,
        skippedItems: 241,
        skipped: [{ from: at(0), to: at(240), batches: 241, items: 241 }],
      });
      expect(day.bread).toMatchObject({ batches: 1, items: 5, skippedBatches: 8, skippedItems: 40 });
      expect(day.bread.skipped).toEqual([{ from: at(0), to: at(210), batches: 8, items: 40 }]);
      expect(day.croissant).toMatchObject({ batches: 1, skippedBatches: 4, skippedItems: 24 });
      expect(day.baguette).toMatchObject({ batches: 1, skippedBatches: 5, skippedItems: 20 });
      expect(day.muffin).toMatchObject({ batches: 1, skippedBatches: 2, skippedItems: 12 });

      // From then on, one donut a minute and nothing recorded twice.
      await bakery.runtime.clock.advanceTo(OPENING + 243 * MINUTE);
      await oven.quiet();
      expect(oven.of('donut').map(slotOf)).toEqual(['11:01', '11:02', '11:03']);
      expect(oven.batches).toHaveLength(7);
      expect((await report(bakery)).donut).toMatchObject({ batches: 3, skippedBatches: 241 });
    } finally {
      await oven.close();
      await bakery.stop();
    }
  });

  it('after a restart from a 2-hour gap, bakes only what is due and reports the rest as skipped', async () => {
    const stateDir = tempDir('bakery-production-');
    const first = await start({ stateDir });
    await first.runtime.clock.advanceTo(OPENING + 10 * MINUTE);
    await first.runtime.idle();
    await first.stop();

    // Back at 09:10: the timer's missed occurrence runs once, past due.
    const second = await start({ stateDir, startAt: OPENING + 130 * MINUTE });
    const oven = collectBatches(second.runtime);
    try {
      await oven.quiet();
      expect(oven.of('bread').map(slotOf)).toEqual(['07:00', '09:00']);
      expect(oven.of('croissant').map(slotOf)).toEqual(['07:00', '09:00']);
      expect(oven.of('baguette').map(slotOf)).toEqual(['07:00', '08:30']);
      expect(oven.of('muffin').map(slotOf)).toEqual(['07:00', '08:30']);
      const donuts = oven.of('donut').map(slotOf);
      expect(donuts).toHaveLength(12); // 07:00 to 07:10 before, 09:10 after
      expect(donuts.slice(-2)).toEqual(['07:10', '09:10']);
      // A batch baked late keeps its slot as bake time: 09:00 bread lasts the day, as always.
      expect(oven.of('bread')[1].items[0]).toMatchObject({ bakedAt: at(120), expiresAt: toIso(CLOSING) });

      const day = await report(second);
      expect(day.bread).toMatchObject({ batches: 2, items: 10, skippedBatches: 3, skippedItems: 15 });
      expect(day.bread.skipped).toEqual([{ from: at(30), to: at(90), batches: 3, items: 15 }]);
      expect(day.donut).toMatchObject({ batches: 12, skippedBatches: 119 });
      expect(day.donut.skipped).toEqual([{ from: at(11), to: at(129), batches: 119, items: 119 }]);
      expect(day.croissant).toMatchObject({ skippedBatches: 1 });
      expect(day.baguette).toMatchObject({ skippedBatches: 1 });
      expect(day.muffin).toMatchObject({ skippedBatches: 0, skipped: [] });

      // The tick firing again (admin API) and the next minute find nothing more to catch up.
      const invoke = await http(
        second.runtime.baseUrl,
        'POST',
        '/admin/functions/production-bake-tick?wait=true',
        { input: '' },
      );
      expect(invoke.status).toBe(204);
      await second.runtime.clock.advanceTo(OPENING + 131 * MINUTE);
      await oven.quiet();
      expect(oven.of('donut')).toHaveLength(13);
      expect(oven.batches).toHaveLength(2 + 2 + 2 + 2 + 13);
      expect((await report(second)).donut).toMatchObject({ batches: 13, skippedBatches: 119 });
    } finally {
      await oven.close();
      await second.stop();
    }
  });

  it('after a gap shorter than an interval, still bakes the due batch, once', async () => {
    const stateDir = tempDir('bakery-production-');
    const first = await start({ stateDir });
    await first.runtime.clock.advanceTo(OPENING + 10 * MINUTE);
    await first.runtime.idle();
    await first.stop();

    // Back at 07:40: the 07:30 bread is ten minutes late and still due until 08:00.
    const second = await start({ stateDir, startAt: OPENING + 40 * MINUTE });
    const oven = collectBatches(second.runtime);
    try {
      await oven.quiet();
      expect(oven.of('bread').map(slotOf)).toEqual(['07:00', '07:30']);
      expect(oven.of('croissant').map(slotOf)).toEqual(['07:00']);
      expect(oven.of('baguette').map(slotOf)).toEqual(['07:00']);
      await second.runtime.clock.advanceTo(OPENING + 60 * MINUTE);
      await oven.quiet();
      expect(oven.of('bread').map(slotOf)).toEqual(['07:00', '07:30', '08:00']);
      expect(oven.of('croissant').map(slotOf)).toEqual(['07:00', '08:00']);
      expect(oven.of('baguette').map(slotOf)).toEqual(['07:00', '07:45']);
      const day = await report(second);
      expect(day.bread).toMatchObject({ batches: 3, skippedBatches: 0, skipped: [] });
      expect(day.donut).toMatchObject({ batches: 11 + 21, skippedBatches: 29 });
    } finally {
      await oven.close();
      await second.stop();
    }
  });

  it('after being down over closing, bakes nothing in the evening and the next day starts afresh', async () => {
    const stateDir = tempDir('bakery-production-');
    const first = await start({ stateDir, startAt: CLOSING - 50 * MINUTE });
    const firstOven = collectBatches(first.runtime);
    await first.runtime.clock.advanceTo(CLOSING - 40 * MINUTE); // 16:20
    await firstOven.quiet();
    await firstOven.close();
    await first.stop();

    const second = await start({ stateDir, startAt: CLOSING + 60 * MINUTE }); // 18:00
    const oven = collectBatches(second.runtime);
    try {
      await oven.quiet();
      expect(oven.batches).toEqual([]);
      const day = await report(second);
      expect(day.bread.skipped.at(-1)).toEqual({ from: at(570), to: at(570), batches: 1, items: 5 });
      expect(day.donut.skipped.at(-1)).toEqual({ from: at(561), to: at(599), batches: 39, items: 39 });
    } finally {
      await oven.close();
      await second.stop();
    }

    // Back again a minute before the next opening: nothing of yesterday is baked, today starts at 07:00.
    const third = await start({ stateDir, startAt: OPENING + 24 * 60 * MINUTE - MINUTE });
    const nextOven = collectBatches(third.runtime);
    try {
      await nextOven.quiet();
      expect(nextOven.batches).toEqual([]);
      await third.runtime.clock.advanceTo(OPENING + 24 * 60 * MINUTE);
      await nextOven.quiet();
      expect(nextOven.batches.map((b) => b.batchId).sort()).toEqual(
        ['baguette', 'bread', 'croissant', 'donut', 'muffin'].map((p) => `${p}-2026-12-02T07:00`),
      );
      expect((await report(third, '2026-12-02')).donut).toMatchObject({ batches: 1, skippedBatches: 0 });
      // The whole first day adds up: every slot baked or skipped, once (600 donuts, 20 breads).
      const firstDay = await report(third);
      expect(firstDay.donut).toMatchObject({ batches: 10, skippedBatches: 551 + 39 });
      expect(firstDay.donut.skipped).toEqual([
        { from: at(0), to: at(550), batches: 551, items: 551 },
        { from: at(561), to: at(599), batches: 39, items: 39 },
      ]);
      expect(firstDay.bread).toMatchObject({ batches: 1, skippedBatches: 18 + 1, skippedItems: 95 });
    } finally {
      await nextOven.close();
      await third.stop();
    }
  });
});

describe('GET /api/production/report', () => {
  let bakery: Bakery;
  beforeAll(async () => {
    bakery = await start();
  });
  afterAll(() => bakery.stop());

  it('is for staff only', async () => {
    const path = '/api/production/report?date=2026-12-01';
    expect((await http(bakery.runtime.baseUrl, 'GET', path)).status).toBe(401);
    const customer = { authorization: `Bearer ${await bakery.customerToken()}` };
    expect((await http(bakery.runtime.baseUrl, 'GET', path, undefined, customer)).status).toBe(403);
  });

  it('names the bad query parameter', async () => {
    const res = await staffGet(bakery, '/api/production/report?date=today');
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'date' })]);
  });

  it('lists every product with zeros on a day nothing happened', async () => {
    const day = await report(bakery, '2026-11-15');
    expect(Object.values(day)).toEqual(
      ['bread', 'donut', 'croissant', 'baguette', 'muffin'].map((productId) => ({
        productId,
        batches: 0,
        items: 0,
        skippedBatches: 0,
        skippedItems: 0,
        skipped: [],
      })),
    );
  });
});
