import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { http, START, startFixture } from '../../test/support/runtime-harness';

const appRoot = path.join(__dirname, 'fixtures/timer-retry-app');
const MINUTE = 60_000;

interface Attempt {
  fn: string;
  realMs: number;
  retryCount: number | null;
  maxRetryCount: number | null;
}

describe('timer retry policies', () => {
  let runtime: Runtime;
  let attempts: Attempt[];
  const of = (fn: string) => attempts.filter((a) => a.fn === fn);
  const gaps = (rows: Attempt[]) => rows.slice(1).map((a, i) => a.realMs - rows[i].realMs);

  beforeAll(async () => {
    runtime = await startFixture({
      appRoot,
      entry: path.join(appRoot, 'index.ts'),
      topology: { topics: [] },
    });
    await runtime.clock.advanceTo(START + 5 * MINUTE);
    await runtime.idle();
    attempts = (await http(runtime.baseUrl, 'GET', '/api/attempts')).json as Attempt[];
  }, 20_000);
  afterAll(() => runtime.stop());

  it('retries a failing occurrence under fixedDelay: attempts 0, 1, 2, one delayInterval apart', () => {
    const rows = of('fixed');
    expect(rows.map((a) => [a.retryCount, a.maxRetryCount])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    for (const gap of gaps(rows)) {
      expect(gap).toBeGreaterThanOrEqual(990);
      expect(gap).toBeLessThan(1500);
    }
  });

  it('retries under exponentialBackoff: minimumInterval doubled per attempt, capped at maximumInterval', () => {
    const rows = of('backoff');
    expect(rows.map((a) => [a.retryCount, a.maxRetryCount])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    gaps(rows).forEach((gap, i) => {
      const expected = [1000, 2000, 2000][i];
      expect(gap).toBeGreaterThanOrEqual(expected - 10);
      expect(gap).toBeLessThan(expected + 500);
    });
  });

  it('gives up once maxRetryCount is spent, and the next occurrence runs on schedule', async () => {
    expect(of('spent').map((a) => a.retryCount)).toEqual([0, 1]);
    await runtime.clock.advanceTo(START + 10 * MINUTE);
    await runtime.idle();
    const after = (await http(runtime.baseUrl, 'GET', '/api/attempts')).json as Attempt[];
    expect(after.filter((a) => a.fn === 'spent').map((a) => a.retryCount)).toEqual([0, 1, 0, 1]);
    // A later occurrence starts again at attempt 0.
    expect(after.filter((a) => a.fn === 'fixed').map((a) => a.retryCount)).toEqual([0, 1, 2, 0]);
  });
});
