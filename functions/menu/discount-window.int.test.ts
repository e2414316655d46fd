import * as fs from 'node:fs';
import { CLOSING, MINUTE, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http, tempDir } from '../../test/support/runtime-harness';
import { toIso } from '../../shared/clock';

/**
 * The `menu-discount-window` timer records, once per day, when the closing-discount window was seen
 * to start and end (GET /api/menu `discountWindow.startedAt/endedAt`). Firing twice changes nothing;
 * firing late (after downtime) records the late time and catches up the days that were missed.
 */
const TIMER = 'menu-discount-window';
const DISCOUNT_START = CLOSING - 30 * MINUTE; // 16:30 Sydney, 2026-12-01
const DAY = 24 * 60 * MINUTE;

/** Runs the timer the way Core Tools does (POST /admin/functions/{name}), and waits for it to finish. */
async function fire(): Promise<void> {
  const res = await http(bakery!.runtime.baseUrl, 'POST', `/admin/functions/${TIMER}?wait=true`, {
    input: '',
  });
  if (res.status !== 204) throw new Error(`${TIMER} answered ${res.status}: ${res.text}`);
}

let bakery: Bakery | undefined;
afterEach(async () => {
  await bakery?.stop();
  bakery = undefined;
});

async function window() {
  const res = await http(bakery!.runtime.baseUrl, 'GET', '/api/menu');
  return res.json.discountWindow;
}

async function recorded(day: string) {
  const container = await bakery!.runtime.store.container({ name: 'menu', partitionKeyPath: '/productId' });
  return (await container.read(`discount-window:${day}`, '_calendar'))?.state;
}

describe('the discount-window timer', () => {
  it('records the start once, however often it fires, and the end at closing', async () => {
    bakery = await startBakery({
      startAt: DISCOUNT_START - 5 * MINUTE,
      settings: { BAKERY_SERVICES: 'menu' },
    });
    expect(bakery.runtime.functions.map((f) => f.name)).toContain(TIMER);

    await bakery.runtime.clock.advanceTo(DISCOUNT_START - 1);
    expect(await window()).toEqual({ startsAt: toIso(DISCOUNT_START), endsAt: toIso(CLOSING) });

    await bakery.runtime.clock.advanceTo(DISCOUNT_START + 20_000);
    expect(await window()).toMatchObject({ startedAt: toIso(DISCOUNT_START) });
    // Fired again (twice at once, too) between its ticks: nothing is recorded a second time.
    await Promise.all([fire(), fire()]);
    await fire();
    expect(await window()).toEqual({
      startsAt: toIso(DISCOUNT_START),
      endsAt: toIso(CLOSING),
      startedAt: toIso(DISCOUNT_START),
    });

    await bakery.runtime.clock.advanceTo(CLOSING + 30_000);
    await fire();
    expect(await window()).toEqual({
      startsAt: toIso(DISCOUNT_START),
      endsAt: toIso(CLOSING),
      startedAt: toIso(DISCOUNT_START),
      endedAt: toIso(CLOSING),
    });
  });

  it('fired twice at once before anything is recorded, records the window once without failing', async () => {
    const late = DISCOUNT_START + 7 * MINUTE + 13_000;
    bakery = await startBakery({
      startAt: late,
      settings: { BAKERY_SERVICES: 'menu' },
    });
    await Promise.all([fire(), fire(), fire()]);
    expect(await window()).toEqual({
      startsAt: toIso(DISCOUNT_START),
      endsAt: toIso(CLOSING),
      startedAt: toIso(late),
    });
  });

  it('after downtime, records late, keeps prices right meanwhile, and catches up the days it missed', async () => {
    const stateDir = tempDir('menu-window-');
    bakery = await startBakery({
      stateDir,
      startAt: DISCOUNT_START - 20 * MINUTE,
      settings: { BAKERY_SERVICES: 'menu' },
    });
    await bakery.runtime.clock.advanceTo(DISCOUNT_START - 10 * MINUTE);
    await bakery.stop();

    // Down from 16:20 to 16:45: the missed tick runs once at start, past due.
    const back = DISCOUNT_START + 15 * MINUTE;
    bakery = await startBakery({ stateDir, startAt: back, settings: { BAKERY_SERVICES: 'menu' } });
    await bakery.runtime.idle();
    const menu = (await http(bakery.runtime.baseUrl, 'GET', '/api/menu')).json;
    expect(menu.items[0]).toMatchObject({
      productId: 'bread',
      currentPrice: { amount: 400, currency: 'AUD' },
      discounted: true,
    });
    expect(menu.discountWindow).toEqual({
      startsAt: toIso(DISCOUNT_START),
      endsAt: toIso(CLOSING),
      startedAt: toIso(back),
    });
    await bakery.stop();

    // Down again from 16:45 through the whole of 2 December, back on 3 December at 10:00 local.
    const dec3 = CLOSING + 2 * DAY - 7 * 60 * MINUTE;
    bakery = await startBakery({ stateDir, startAt: dec3, settings: { BAKERY_SERVICES: 'menu' } });
    await bakery.runtime.idle();
    expect(await recorded('2026-12-01')).toEqual({
      status: 'ended',
      startedAt: toIso(back),
      endedAt: toIso(dec3),
    });
    expect(await recorded('2026-12-02')).toEqual({
      status: 'ended',
      startedAt: toIso(dec3),
      endedAt: toIso(dec3),
    });
    expect(await recorded('2026-12-03')).toBeUndefined();
    expect(await window()).toEqual({
      startsAt: toIso(DISCOUNT_START + 2 * DAY),
      endsAt: toIso(CLOSING + 2 * DAY),
    });
    await bakery.stop();
    bakery = undefined;
    fs.rmSync(stateDir, { recursive: true, force: true });
  });
});
