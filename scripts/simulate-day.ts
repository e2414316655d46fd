/**
 * npm run simulate:day [-- --date 2026-12-01] [-- --json]
 *
 * Runs one whole day of the default bakery on the local runtime's stepped clock (the real app, every
 * service, in memory), in seconds, and prints the day report: per product, how many were baked, sold,
 * expired and discarded, and how many items stood on each shelf through the day. Everything is read
 * through the public staff API, as a bakery manager would.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startRuntime, type Runtime } from '../local/runtime';
import { localExtensions } from '../local/extensions';
import { startDevIssuer } from '../local/dev/token-issuer';
import { loadBakeryConfig } from '../shared/config/bakery-config';
import { BakeryCalendar } from '../shared/time/bakery-calendar';
import { catalog } from '../shared/events/catalog';
import { deriveTopology } from '../shared/events/topology';

const appRoot = path.resolve(__dirname, '../..');
const SAMPLE_EVERY_MINUTES = 30;

export interface DayReport {
  date: string;
  products: Array<{
    productId: string;
    baked: number;
    sold: number;
    expired: number;
    discarded: number;
    onShelf: number;
  }>;
  shelfCounts: Array<{ at: string; counts: Record<string, number> }>;
  seconds: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { date: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const config = loadBakeryConfig(path.join(appRoot, 'bakery.config.json'));
  const calendar = BakeryCalendar.of(config);
  const date = values.date ?? calendar.dayOf(Date.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date must look like 2026-12-01, got "${date}"`);

  const started = performance.now();
  const issuer = await startDevIssuer();
  const runtime = await startRuntime({
    appRoot,
    port: 0,
    logLevel: 'warn',
    clock: { mode: 'manual', startAt: calendar.opening(date) - SAMPLE_EVERY_MINUTES * 60_000 },
    extensions: localExtensions(),
    topology: deriveTopology(catalog),
    settings: { AUTH_JWKS_URL: issuer.jwksUrl, BAKERY_SERVICES: 'production,products,menu' },
  });
  try {
    // Tokens live on the real clock (design section 7): one minted now serves the whole sped-up day.
    const token = await issuer.token({ sub: 'simulate-day', name: 'Day report', roles: ['staff'] });
    const staff = async (route: string) => get(runtime, route, token);
    const shelfCounts: DayReport['shelfCounts'] = [];
    const end = calendar.closing(date) + SAMPLE_EVERY_MINUTES * 60_000;
    for (let t = runtime.clock.now(); t <= end; t += SAMPLE_EVERY_MINUTES * 60_000) {
      await runtime.clock.advanceTo(t);
      const { shelves } = (await staff('/api/products/shelves')) as {
        shelves: Array<{ productId: string; items: unknown[] }>;
      };
      shelfCounts.push({
        at: calendar.localTime(t).slice(11),
        counts: Object.fromEntries(shelves.map((s) => [s.productId, s.items.length])),
      });
    }
    const report = (await staff(`/api/products/report?date=${date}`)) as { products: DayReport['products'] };
    const result: DayReport = {
      date,
      products: report.products,
      shelfCounts,
      seconds: (performance.now() - started) / 1000,
    };
    process.stdout.write(values.json ? JSON.stringify(result) + '\n' : render(result, config.name));
  } finally {
    await runtime.stop();
    await issuer.close();
  }
}

async function get(runtime: Runtime, route: string, token: string): Promise<unknown> {
  const response = await fetch(`${runtime.baseUrl}${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET ${route} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

function render(report: DayReport, name: string): string {
  const ids = report.products.map((p) => p.productId);
  const pad = (v: unknown, n = 10) => String(v).padStart(n);
  const lines = [`${name}: the day of ${report.date} (simulated in ${report.seconds.toFixed(1)} s)`, ''];
  lines.push(
    `${'product'.padEnd(12)}${pad('baked')}${pad('sold')}${pad('expired')}${pad('discarded')}${pad('left')}`,
  );
  for (const p of report.products)
    lines.push(
      `${p.productId.padEnd(12)}${pad(p.baked)}${pad(p.sold)}${pad(p.expired)}${pad(p.discarded)}${pad(p.onShelf)}`,
    );
  lines.push(
    '',
    'On the shelves (items, including reserved):',
    `${'time'.padEnd(8)}${ids.map((id) => pad(id, 11)).join('')}`,
  );
  for (const s of report.shelfCounts)
    lines.push(`${s.at.padEnd(8)}${ids.map((id) => pad(s.counts[id] ?? 0, 11)).join('')}`);
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `simulate:day failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
