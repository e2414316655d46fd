import type { Runtime } from '../runtime';
import { http, startFixture, START } from '../../test/support/runtime-harness';
import { call, startDurable } from '../../test/fixtures/durable/harness';

const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const run = (runtime: Runtime, name: string, input: unknown, query = '') =>
  http(runtime.baseUrl, 'POST', `/admin/functions/${name}${query}`, { input });

/** POST /admin/functions/{name}: the Functions host's admin API for running a non-HTTP function. */
describe('running a function through the admin API', () => {
  let runtime: Runtime;
  beforeEach(async () => {
    runtime = await startFixture();
  });
  afterEach(() => runtime.stop());

  const seen = async (kind: string) =>
    (await http(runtime.baseUrl, 'GET', `/api/seen/${kind}`)).json as Array<Record<string, unknown>>;

  it('runs a timer now with its schedule status, not past due, and leaves the schedule as it was', async () => {
    await runtime.clock.advanceTo(START + 6 * MINUTE);
    const accepted = await run(runtime, 'everyFiveMinutes', '');
    expect(accepted.status).toBe(202);
    expect(accepted.text).toBe('');
    await runtime.idle();
    await runtime.clock.advanceTo(START + 10 * MINUTE);
    const runs = await seen('timer');
    expect(runs.map((r) => [iso(r.at as number), r.isPastDue])).toEqual([
      [iso(START + 5 * MINUTE), false],
      [iso(START + 6 * MINUTE), false],
      [iso(START + 10 * MINUTE), false],
    ]);
    expect(runs[1].scheduleStatus).toEqual({
      last: iso(START + 5 * MINUTE),
      next: iso(START + 10 * MINUTE),
      lastUpdated: iso(START + 5 * MINUTE),
    });
    expect(runs[0].scheduleStatus).toBeNull();
    // The scheduled run after it sees the status the manual run found: a manual run records nothing.
    expect(runs[2].scheduleStatus).toEqual(runs[1].scheduleStatus);
  });

  it('finds the function whatever the case of its name, and with ?wait=true answers once it ran', async () => {
    const done = await run(runtime, 'EVERYFIVEMINUTES', '', '?wait=true');
    expect(done.status).toBe(204);
    expect((await seen('timer')).map((r) => r.at)).toEqual([START]);
  });

  it('gives other triggers the input as their trigger data', async () => {
    expect((await run(runtime, 'ordersBilling', JSON.stringify({ n: 41 }), '?wait=true')).status).toBe(204);
    expect((await seen('billing')).map((r) => [r.n, r.messageId])).toEqual([[41, undefined]]);
    expect((await run(runtime, 'docsFeed', JSON.stringify([{ id: 'by-hand' }]), '?wait=true')).status).toBe(
      204,
    );
    expect((await seen('feed')).map((r) => r.docId)).toEqual(['by-hand']);
  });

  it('answers 202 before the function has finished; the idle wait waits for it', async () => {
    const accepted = await run(runtime, 'ordersAudit', JSON.stringify({ n: 7, holdKey: 'admin-run' }));
    expect(accepted.status).toBe(202);
    expect(await seen('audit')).toEqual([]);
    let idle = false;
    const settled = runtime.idle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const idleWhileHeld = idle;
    expect((await http(runtime.baseUrl, 'POST', '/api/release/admin-run')).status).toBe(204);
    await settled;
    expect(idleWhileHeld).toBe(false);
    expect((await seen('audit')).map((r) => r.n)).toEqual([7]);
  });

  it("with ?wait=true reports the function's failure as a 500 problem", async () => {
    const failed = await run(
      runtime,
      'ordersAudit',
      JSON.stringify({ failUntilReleased: 'never' }),
      '?wait=true',
    );
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toBe('application/problem+json');
    expect(failed.json).toMatchObject({
      status: 500,
      code: 'BAKERY_FUNCTION_FAILED',
      detail: 'never is not released',
    });
  });

  it('refuses an unknown function (404), an HTTP-triggered one (400), and a body of another form', async () => {
    const unknown = await run(runtime, 'noSuchFunction', '');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(unknown.json).toMatchObject({ status: 404, code: 'BAKERY_FUNCTION_NOT_FOUND' });

    const httpTriggered = await run(runtime, 'echo', '');
    expect(httpTriggered.status).toBe(400);
    expect(httpTriggered.json).toMatchObject({ code: 'BAKERY_FUNCTION_HTTP_TRIGGERED' });

    expect((await run(runtime, 'everyFiveMinutes', { not: 'a string' })).status).toBe(400);
    expect((await http(runtime.baseUrl, 'POST', '/admin/functions/everyFiveMinutes', '[]')).status).toBe(400);
    const plain = await http(runtime.baseUrl, 'POST', '/admin/functions/everyFiveMinutes', '{}', {
      'content-type': 'text/plain',
    });
    expect(plain.status).toBe(415);
    await runtime.idle();
    expect(await seen('timer')).toEqual([]);
  });
});

describe('running Durable functions through the admin API', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startDurable({ freshModules: () => jest.resetModules() });
  });
  afterAll(() => runtime.stop());

  it('runs an activity with the input, and refuses orchestrators and entities', async () => {
    const activity = await call(runtime.baseUrl, 'POST', '/admin/functions/fail?wait=true', {
      input: JSON.stringify({ x: 1 }),
    });
    expect(activity.status).toBe(500);
    expect(activity.json.detail).toBe('bad input {"x":1}');
    for (const name of ['echoAll', 'counter']) {
      const refused = await call(runtime.baseUrl, 'POST', `/admin/functions/${name}`, { input: '' });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('BAKERY_FUNCTION_NOT_RUNNABLE');
    }
  });
});
