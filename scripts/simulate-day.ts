/**
 * npm run simulate:day [-- --date 2026-12-01] [-- --customers 300 --seed 7] [-- --json]
 *
 * Runs one whole day of the default bakery on the local runtime's stepped clock (the real app, in
 * memory), in seconds, and prints the day report: per product, how many were baked, sold, expired
 * and discarded, and how many items stood on each shelf through the day. Everything is read through
 * the public staff API, as a bakery manager would.
 *
 * With `--customers N` every service is loaded and N synthetic customers (scripts/day/customers.ts,
 * seeded by `--seed`) sign up, put money in the bank (some not enough), arrive over the day with a
 * morning and a lunch peak, read the menu and order their own basket (some what has just run out).
 * A progress bar runs on stderr. The report adds revenue, discounts, declines, rejections and waste,
 * then the buying invariants are checked (scripts/buying-invariants.ts); the exit code is 1 on any
 * violation or any figure that does not add up. Without customers nothing is written to stderr.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startRuntime, type Runtime } from '../local/runtime';
import { localExtensions } from '../local/extensions';
import { startDevIssuer, type TestIssuer } from '../local/dev/token-issuer';
import { loadBakeryConfig, type BakeryConfig } from '../shared/config/bakery-config';
import { BakeryCalendar } from '../shared/time/bakery-calendar';
import { catalog } from '../shared/events/catalog';
import { deriveTopology } from '../shared/events/topology';
import { arrivalTimes, seededRandom } from './day/customers';
import { renderFigures, type DayFigures, type ProductDay } from './day/day-figures';
import { playCustomers, type CustomersDay } from './day/customers-day';
import { progress, type Progress } from './day/progress';
import { read } from './day/shop';

const appRoot = path.resolve(__dirname, '../..');
const SAMPLE_EVERY_MINUTES = 30;

export interface DayReport {
  date: string;
  products: ProductDay[];
  shelfCounts: Array<{ at: string; counts: Record<string, number> }>;
  seconds: number;
  /** With customers: their figures and the invariant checker's answer. */
  customers?: DayFigures;
  invariants?: { violations: string[]; figures: unknown };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      json: { type: 'boolean' },
      customers: { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const config = loadBakeryConfig(path.join(appRoot, 'bakery.config.json'));
  const calendar = BakeryCalendar.of(config);
  const date = values.date ?? calendar.dayOf(Date.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date must look like 2026-12-01, got "${date}"`);
  const customerCount = wholeNumber('--customers', values.customers);
  const seed = wholeNumber('--seed', values.seed);

  const started = performance.now();
  const issuer = await startDevIssuer();
  const runtime = await startRuntime({
    appRoot,
    port: 0,
    logLevel: 'warn',
    clock: { mode: 'manual', startAt: calendar.opening(date) - SAMPLE_EVERY_MINUTES * 60_000 },
    extensions: localExtensions(),
    topology: deriveTopology(catalog),
    settings: {
      AUTH_JWKS_URL: issuer.jwksUrl,
      // A day without customers needs only the bakery's own floor.
      ...(customerCount === 0 ? { BAKERY_SERVICES: 'production,products,menu' } : {}),
    },
  });
  try {
    const report = await runDay(runtime, issuer, config, calendar, date, { customerCount, seed });
    report.seconds = (performance.now() - started) / 1000;
    process.stdout.write(values.json ? JSON.stringify(report) + '\n' : render(report, config.name));
    const failed = (report.invariants?.violations.length ?? 0) + (report.customers?.problems.length ?? 0);
    return failed === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
    await issuer.close();
  }
}

async function runDay(
  runtime: Runtime,
  issuer: TestIssuer,
  config: BakeryConfig,
  calendar: BakeryCalendar,
  date: string,
  options: { customerCount: number; seed: number },
): Promise<DayReport> {
  // Tokens live on the real clock (design section 7): one minted now serves the whole sped-up day.
  const staffToken = await issuer.token(
    { sub: 'simulate-day', name: 'Day report', roles: ['staff'] },
    { expiresInSeconds: 4 * 3600 },
  );
  const begin = runtime.clock.now();
  const end = calendar.closing(date) + SAMPLE_EVERY_MINUTES * 60_000;
  const random = seededRandom(options.seed);
  const arrivals =
    options.customerCount === 0
      ? []
      : arrivalTimes(
          options.customerCount,
          { opening: calendar.opening(date), closing: calendar.closing(date), opensAt: config.opensAt },
          random,
        );
  const bar: Progress | undefined =
    options.customerCount > 0 ? progress(process.stderr, 'simulate:day') : undefined;
  const day: CustomersDay | undefined =
    options.customerCount > 0
      ? await playCustomers(runtime, issuer, config, { date, seed: options.seed, arrivals, random })
      : undefined;

  const shelfCounts: DayReport['shelfCounts'] = [];
  let next = 0;
  for (let sample = begin; sample <= end; sample += SAMPLE_EVERY_MINUTES * 60_000) {
    const tick = () =>
      bar?.update(
        (runtime.clock.now() - begin) / (end - begin),
        `${calendar.localTime(runtime.clock.now()).slice(11)}  customers ${next}/${arrivals.length}`,
      );
    while (next < arrivals.length && arrivals[next] <= sample) {
      await runtime.clock.advanceTo(Math.max(arrivals[next], runtime.clock.now()));
      await day?.arrive(next++);
      tick();
    }
    await runtime.clock.advanceTo(sample);
    tick();
    const { shelves } = (await read(runtime, '/api/products/shelves', staffToken)) as {
      shelves: Array<{ productId: string; items: unknown[] }>;
    };
    shelfCounts.push({
      at: calendar.localTime(sample).slice(11),
      counts: Object.fromEntries(shelves.map((s) => [s.productId, s.items.length])),
    });
  }
  await runtime.idle();
  const products = (
    (await read(runtime, `/api/products/report?date=${date}`, staffToken)) as { products: ProductDay[] }
  ).products;
  const report: DayReport = { date, products, shelfCounts, seconds: 0 };
  if (day) {
    bar?.done('checking the invariants');
    const result = await day.finish(staffToken, products);
    report.customers = result.figures;
    report.invariants = result.invariants;
  }
  return report;
}

function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return Number(value);
}

function render(report: DayReport, name: string): string {
  const ids = report.products.map((p) => p.productId);
  const pad = (v: unknown, n = 10) => String(v).padStart(n);
  const lines = [`${name}: the day of ${report.date} (simulated in ${report.seconds.toFixed(1)} s)`, ''];
  if (report.customers) {
    lines.push(...renderFigures(report.customers));
  } else {
    lines.push(
      `${'product'.padEnd(12)}${pad('baked')}${pad('sold')}${pad('expired')}${pad('discarded')}${pad('left')}`,
    );
    for (const p of report.products)
      lines.push(
        `${p.productId.padEnd(12)}${pad(p.baked)}${pad(p.sold)}${pad(p.expired)}${pad(p.discarded)}${pad(p.onShelf)}`,
      );
  }
  lines.push(
    '',
    'On the shelves (items, including reserved):',
    `${'time'.padEnd(8)}${ids.map((id) => pad(id, 11)).join('')}`,
  );
  for (const s of report.shelfCounts)
    lines.push(`${s.at.padEnd(8)}${ids.map((id) => pad(s.counts[id] ?? 0, 11)).join('')}`);
  if (report.customers) {
    const problems = report.customers.problems;
    const violations = report.invariants?.violations ?? [];
    lines.push(
      '',
      problems.length === 0 ? 'The figures add up.' : `The figures do not add up (${problems.length}):`,
    );
    lines.push(...problems.map((p) => `  - ${p}`));
    lines.push(
      violations.length === 0 ? 'Invariants: no violations.' : `Invariants: ${violations.length} violations:`,
    );
    lines.push(...violations.map((v) => `  - ${v}`));
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `simulate:day failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
