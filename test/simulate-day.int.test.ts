import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './support/runtime-harness';
import type { DayReport } from '../scripts/simulate-day';

jest.setTimeout(170_000);

/**
 * `npm run simulate:day -- --customers 30`: a whole day (06:30–17:30 on the stepped clock) of the
 * real app with every service and 30 synthetic customers, run as the built script runs it. The
 * invariant checker and the report's own cross-checks decide the exit code; here the figures are
 * also checked for sense from the outside.
 */
describe('npm run simulate:day -- --customers 30', () => {
  let run: SpawnSyncReturns<string>;
  let report: DayReport;
  beforeAll(() => {
    run = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'dist/scripts/simulate-day.js'),
        ...['--date', '2026-12-01', '--customers', '30', '--seed', '11', '--json'],
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 160_000 },
    );
    // Exit 1 still prints the report (with its violations); anything else left no report.
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`simulate:day ended with ${run.status ?? run.signal}: ${run.stderr}`);
    report = JSON.parse(run.stdout) as DayReport;
  });

  it('ends with exit code 0: no invariant violated, every figure adds up', () => {
    expect(run.stderr).not.toMatch(/failed/);
    expect(report.invariants?.violations).toEqual([]);
    expect(report.customers?.problems).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('reports sane figures: every item in one bucket, sales from what was baked, nothing left', () => {
    const f = report.customers!;
    for (const p of f.products) {
      expect(p.sold).toBeLessThanOrEqual(p.baked);
      expect(p.sold + p.expired + p.discarded + p.left).toBe(p.baked);
      expect(p.left).toBe(0);
      expect(p.wasteShare).toBeCloseTo((p.expired + p.discarded) / p.baked, 10);
    }
    // The floor without customers bakes 858 items a day (test/bakery-day.int.test.ts): customers do not change that.
    expect(f.totals.baked).toBe(858);
    expect(f.totals.sold).toBeGreaterThan(0);
    expect(f.products.map((p) => p.productId)).toEqual(report.products.map((p) => p.productId));
  });

  it('accounts for every customer’s order, and the money follows the completed ones', () => {
    const f = report.customers!;
    expect(f.customers).toBe(30);
    expect(f.plan.refusedAtTheTill).toBe(0);
    expect(f.orders.placed).toBe(30);
    expect(f.orders.completed + f.orders.rejected + f.orders.cancelled).toBe(30);
    expect(f.orders.notFinal).toBe(0);
    expect(f.orders.completed).toBeGreaterThan(0);
    // Only a customer short of money can be declined (one who is short may still be rejected first).
    expect(f.declines).toBeLessThanOrEqual(f.plan.short);
    expect(f.revenue.orders).toBe(f.orders.completed);
    expect(f.revenue.net).toBe(f.revenue.gross - f.revenue.discounts - f.revenue.refunds);
    expect(f.revenue.net).toBeGreaterThan(0);
  });

  it('shows its progress on stderr as plain lines when stderr is not a terminal', () => {
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('simulate:day ['));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(run.stderr).not.toContain('\r');
    expect(lines[lines.length - 1]).toContain('100%');
  });
});
