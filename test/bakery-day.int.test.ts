import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { http, repoRoot, startChild } from './support/runtime-harness';

/**
 * The default bakery's day, worked out by hand from bakery.config.json (opens 07:00, closes 17:00,
 * stale sweep every 15 minutes while open, nothing sold yet):
 * - bread: a batch of 5 every 30 min from 07:00 to 16:30 = 20 batches = 100; lasts until closing,
 *   so all 100 are thrown out at 17:00.
 * - donut: 1 a minute from 07:00 to 16:59 = 600; each stale 25 min after baking. Those baked up to
 *   16:34 go stale before closing (575: swept, or stale when the shop closes); the 25 baked from
 *   16:35 are still good at 17:00 and are discarded.
 * - croissant: 6 every 60 min, 07:00–16:00 = 10 batches = 60; 4 h shelf life: the 6 batches baked
 *   by 12:00 expire by 16:00 (36); the 4 later batches are discarded (24).
 * - baguette: 4 every 45 min, 07:00–16:45 = 14 batches = 56; 6 h: batches to 10:45 expire (6 × 4 =
 *   24), 8 batches discarded (32).
 * - muffin: 6 every 90 min, 07:00–16:00 = 7 batches = 42; 3 h: batches to 13:00 expire (5 × 6 = 30),
 *   2 discarded (12).
 */
const expectedDay = [
  { productId: 'bread', baked: 100, sold: 0, expired: 0, discarded: 100, onShelf: 0 },
  { productId: 'donut', baked: 600, sold: 0, expired: 575, discarded: 25, onShelf: 0 },
  { productId: 'croissant', baked: 60, sold: 0, expired: 36, discarded: 24, onShelf: 0 },
  { productId: 'baguette', baked: 56, sold: 0, expired: 24, discarded: 32, onShelf: 0 },
  { productId: 'muffin', baked: 42, sold: 0, expired: 30, discarded: 12, onShelf: 0 },
];

jest.setTimeout(90_000);

describe('npm run simulate:day', () => {
  it('runs the default day in seconds and reports exactly the hand-computed numbers', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'dist/scripts/simulate-day.js'), '--date', '2026-12-01', '--json'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 80_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      products: unknown[];
      shelfCounts: Array<{ at: string; counts: Record<string, number> }>;
    };
    expect(report.products).toEqual(expectedDay);
    const at = (time: string) => report.shelfCounts.find((s) => s.at === time)?.counts;
    // 12:00: bread 11 batches; donuts baked 11:36–12:00; croissants 09:00–12:00; baguettes 07:00–11:30; muffins 10:00, 11:30.
    expect(at('12:00')).toEqual({ bread: 55, donut: 25, croissant: 24, baguette: 28, muffin: 12 });
    expect(at('06:30')).toEqual({ bread: 0, donut: 0, croissant: 0, baguette: 0, muffin: 0 });
    expect(at('17:00')).toEqual({ bread: 0, donut: 0, croissant: 0, baguette: 0, muffin: 0 });
  });
});

describe('npm start -- --start-at 2026-12-01T06:55 --speed 600', () => {
  it('shows the shop opening and the menu filling', async () => {
    const child = await startChild(
      ['--in-memory', '--start-at', '2026-12-01T06:55', '--speed', '600', '--quiet'],
      { BAKERY_SERVICES: 'production,products,menu' },
      repoRoot,
      'npm start',
    );
    try {
      const first = await http(child.baseUrl, 'GET', '/api/menu');
      expect(first.json.open).toBe(false);
      let menu = first.json;
      for (
        let i = 0;
        i < 200 &&
        !(
          menu.open &&
          menu.items.find((item: { productId: string }) => item.productId === 'bread')?.available >= 5
        );
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        menu = (await http(child.baseUrl, 'GET', '/api/menu')).json;
      }
      expect(menu.open).toBe(true);
      expect(
        menu.items.find((item: { productId: string }) => item.productId === 'bread').available,
      ).toBeGreaterThanOrEqual(5);
    } finally {
      await child.kill('SIGTERM');
    }
  });
});
