import { tempDir } from '../../../test/support/runtime-harness';
import { CLOSING, MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

/**
 * A timer that fires twice for one slot, or late after downtime. Late: the app stops and its
 * timer's persisted schedule finds the occurrences missed, so it fires once at the next start.
 * Twice: after a restart, the timer is fired again in the same slot through the host's admin API
 * (as a host that died between firing and recording would fire it again). The in-process memo is
 * gone with the process: only the orchestration instance ids stand between a slot and its second run.
 */
describe('products: timers firing twice or late', () => {
  let kit: ProductsTestKit | undefined;
  afterEach(async () => {
    await kit?.stop();
    kit = undefined;
  });
  const restart = async (dir: string, at: number) => {
    await kit!.stop();
    kit = await startProducts(at, { stateDir: dir });
    await kit.quiet();
  };
  const sellable = async (productId: string) =>
    (await kit!.shelf(productId)).items.map((i) => [i.id, i.sellable]);

  it('runs a sweep slot once when its timer fires a second time', async () => {
    const dir = tempDir('products-sweep-twice-');
    kit = await startProducts(OPENING + 5 * MINUTE, { stateDir: dir });
    const [, late] = await kit.bake('donut', [
      { bakedAt: OPENING - 10 * MINUTE, expiresAt: OPENING + 15 * MINUTE },
      { bakedAt: OPENING - 4 * MINUTE, expiresAt: OPENING + 21 * MINUTE },
    ]);
    await kit.advanceTo(OPENING + 16 * MINUTE);
    expect(await sellable('donut')).toEqual([[late, true]]);

    // Down at 07:16; back at 07:22, still in the 07:15 slot, where the sweep fires again.
    await restart(dir, OPENING + 22 * MINUTE);
    await kit.fireTimer('products-stale-sweep');
    // Had the 07:15 sweep run again it would have taken the donut stale since 07:21; it stays for 07:30.
    expect(await sellable('donut')).toEqual([[late, false]]);
    expect(await kit.instances('products-sweep-')).toEqual([
      expect.objectContaining({ instanceId: 'products-sweep-2026-11-30T20:15Z', runtimeStatus: 'Completed' }),
    ]);
    await kit.advanceTo(OPENING + 30 * MINUTE);
    expect(await sellable('donut')).toEqual([]);
    expect(
      Object.values(Object.fromEntries((await kit.history('donut')).map((h) => [h.id, h.status]))),
    ).toEqual(['expired', 'expired']);
  });

  it('catches up a sweep missed while the app was down, as of the time it runs', async () => {
    const dir = tempDir('products-sweep-late-');
    kit = await startProducts(OPENING - 5 * MINUTE, { stateDir: dir });
    await kit.advanceTo(OPENING + 5 * MINUTE); // the 07:00 sweep runs, and the schedule is recorded
    const [stale, fresh] = await kit.bake('donut', [
      { bakedAt: OPENING - 5 * MINUTE, expiresAt: OPENING + 20 * MINUTE },
      { bakedAt: OPENING + 25 * MINUTE, expiresAt: OPENING + 50 * MINUTE },
    ]);
    await kit.advanceTo(OPENING + 10 * MINUTE);
    await restart(dir, OPENING + 41 * MINUTE); // down from 07:10 to 07:41: the 07:15 and 07:30 sweeps were missed

    expect(await sellable('donut')).toEqual([[fresh, true]]);
    expect((await kit.history('donut')).find((h) => h.id === stale)).toMatchObject({
      status: 'expired',
      statusAt: iso(OPENING + 41 * MINUTE),
    });
    expect((await kit.instances('products-sweep-')).map((i) => i.instanceId)).toEqual([
      'products-sweep-2026-11-30T20:00Z',
      'products-sweep-2026-11-30T20:30Z',
    ]);
    await kit.advanceTo(OPENING + 49 * MINUTE);
    expect(await sellable('donut')).toEqual([[fresh, true]]); // the 07:45 sweep leaves it: it lasts until 07:50
    await kit.advanceTo(OPENING + 60 * MINUTE);
    expect(await sellable('donut')).toEqual([]);
  });

  it("closes a day missed while the app was down at the next start, leaving the new day's bread alone, and only once", async () => {
    const dir = tempDir('products-close-late-');
    kit = await startProducts(CLOSING - 10 * MINUTE, { stateDir: dir });
    const loaves = await kit.bake(
      'bread',
      Array.from({ length: 3 }, () => ({ bakedAt: CLOSING - 60 * MINUTE, expiresAt: CLOSING })),
    );
    const orderId = await kit.placeOrder([{ productId: 'bread', quantity: 1 }]);
    await kit.advanceTo(CLOSING - 5 * MINUTE);

    const nextMorning = OPENING + 24 * 60 * MINUTE + 5 * MINUTE;
    await restart(dir, nextMorning);
    const kept = (await kit.shelf('bread')).items;
    expect(kept.map((i) => i.orderId)).toEqual([orderId]);
    const lives = await kit.history('bread');
    expect(lives.filter((h) => h.status === 'discarded').map((h) => h.statusAt)).toEqual([
      iso(nextMorning),
      iso(nextMorning),
    ]);
    expect(lives.map((h) => h.id).sort()).toEqual([...loaves].sort());

    // Today's first batch, then after a restart the closing timer fires again for yesterday: nothing more leaves.
    const today = await kit.bake('bread', [{ bakedAt: nextMorning, expiresAt: CLOSING + 24 * 60 * MINUTE }]);
    await restart(dir, nextMorning + MINUTE / 2);
    await kit.fireTimer('products-closing');
    expect((await kit.shelf('bread')).items.map((i) => i.id).sort()).toEqual([...today, kept[0].id].sort());
    expect(await kit.instances('products-close-2026-12-01')).toHaveLength(1);
  });
});
