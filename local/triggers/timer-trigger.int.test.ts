import type { Runtime } from '../runtime';
import { http, startFixture, START, tempDir } from '../../test/support/runtime-harness';

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const timerRuns = async (runtime: Runtime) =>
  (await http(runtime.baseUrl, 'GET', '/api/seen/timer')).json as Array<{ at: number; isPastDue: boolean }>;

describe('timer trigger on the virtual clock', () => {
  it('fires at the scheduled virtual times, in order, with now() at each occurrence', async () => {
    const runtime = await startFixture();
    try {
      await runtime.clock.advanceTo(START + 20 * MINUTE);
      const runs = await timerRuns(runtime);
      expect(runs.map((r) => iso(r.at))).toEqual([5, 10, 15, 20].map((m) => iso(START + m * MINUTE)));
      expect(runs.every((r) => r.isPastDue === false)).toBe(true);
    } finally {
      await runtime.stop();
    }
  });

  it('fires each occurrence exactly once when a whole day is stepped at once', async () => {
    const runtime = await startFixture();
    try {
      await runtime.clock.advanceTo(START + 24 * 60 * MINUTE);
      const runs = await timerRuns(runtime);
      expect(runs).toHaveLength(288);
      expect(new Set(runs.map((r) => r.at)).size).toBe(288);
      expect(runs.every((r) => (r.at - START) % (5 * MINUTE) === 0)).toBe(true);
    } finally {
      await runtime.stop();
    }
  });

  it('runs runOnStartup timers once at each start', async () => {
    const runtime = await startFixture();
    try {
      await runtime.idle();
      const runs = (await http(runtime.baseUrl, 'GET', '/api/seen/startup')).json as unknown[];
      expect(runs).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  });

  it('after downtime, runs a missed occurrence once with isPastDue, then keeps the schedule', async () => {
    const stateDir = tempDir();
    const first = await startFixture({ stateDir });
    await first.clock.advanceTo(START + 7 * MINUTE);
    await first.stop();

    const second = await startFixture({ stateDir, clock: { mode: 'manual', startAt: START + 62 * MINUTE } });
    try {
      await second.clock.advanceTo(START + 66 * MINUTE);
      const runs = await timerRuns(second);
      expect(runs.map((r) => [iso(r.at), r.isPastDue])).toEqual([
        [iso(START + 5 * MINUTE), false],
        [iso(START + 62 * MINUTE), true],
        [iso(START + 65 * MINUTE), false],
      ]);
    } finally {
      await second.stop();
    }
  });

  it('runs a first occurrence missed while the app was down, even if the timer never ran before', async () => {
    const stateDir = tempDir();
    const first = await startFixture({ stateDir });
    await first.clock.advanceTo(START + 2 * MINUTE);
    await first.stop();
    const second = await startFixture({ stateDir, clock: { mode: 'manual', startAt: START + 7 * MINUTE } });
    try {
      await second.idle();
      expect((await timerRuns(second)).map((r) => [iso(r.at), r.isPastDue])).toEqual([
        [iso(START + 7 * MINUTE), true],
      ]);
    } finally {
      await second.stop();
    }
  });

  it('steps the manual clock over the admin API, and answers two idle waits at once', async () => {
    const runtime = await startFixture();
    try {
      const stepped = await http(runtime.baseUrl, 'POST', '/admin/clock/advance', { byMs: 10 * MINUTE });
      expect(stepped.status).toBe(200);
      expect(stepped.json.now).toBe(iso(START + 10 * MINUTE));
      expect((await timerRuns(runtime)).map((r) => iso(r.at))).toEqual([
        iso(START + 5 * MINUTE),
        iso(START + 10 * MINUTE),
      ]);
      const both = await Promise.all([
        http(runtime.baseUrl, 'POST', '/admin/idle'),
        http(runtime.baseUrl, 'POST', '/admin/idle'),
      ]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect((await http(runtime.baseUrl, 'POST', '/admin/clock/advance', { byMs: -1 })).status).toBe(400);
    } finally {
      await runtime.stop();
    }
  });

  it('refuses to step a clock that runs on its own', async () => {
    const runtime = await startFixture({ clock: { mode: 'real', speed: 1 } });
    try {
      await expect(runtime.clock.advanceTo(Date.now() + MINUTE)).rejects.toThrow(/manual/);
      const res = await http(runtime.baseUrl, 'POST', '/admin/clock/advance', { byMs: 1000 });
      expect(res.status).toBe(409);
    } finally {
      await runtime.stop();
    }
  });
});
