import type { Runtime } from '../runtime';
import { hold } from '../../test/fixtures/durable/globals';
import { call, MINUTE, start, startDurable, START, status } from '../../test/fixtures/durable/harness';
import { durableLibrary } from '../../test/fixtures/durable-failures/library';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Durable timers on the runtime's virtual clock, external events, and racing them with Task.any. */
describe('durable timers and external events', () => {
  let runtime: Runtime;
  let unique = 0;
  const id = (label: string) => `${label}-${Date.now().toString(36)}-${unique++}`;
  const raise = (instanceId: string, name: string, data?: unknown) =>
    call(runtime.baseUrl, 'POST', `/api/durable/raise/${instanceId}/${name}`, data);

  beforeEach(async () => {
    runtime = await startDurable({ freshModules: () => jest.resetModules() });
  });
  afterEach(async () => runtime.stop());

  it('fires a durable timer when the virtual clock reaches it, not before', async () => {
    const started = await start(runtime, 'timer', 10);
    await runtime.idle();
    await runtime.clock.advanceTo(START + 10 * MINUTE - 1);
    expect((await status(runtime, started.json.id)).json.runtimeStatus).toBe('Running');
    await runtime.clock.advanceTo(START + 10 * MINUTE);
    const done = await status(runtime, started.json.id);
    expect(done.json).toMatchObject({
      runtimeStatus: 'Completed',
      output: { start: new Date(START).toISOString(), end: new Date(START + 10 * MINUTE).toISOString() },
    });
  });

  it('delivers an external event to the waiting orchestration', async () => {
    const started = await start(runtime, 'waiting');
    await runtime.idle();
    expect((await raise(started.json.id, 'go', { loaves: 3 })).status).toBe(202);
    await runtime.idle();
    expect((await status(runtime, started.json.id)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: { loaves: 3 },
      customStatus: { stage: 'done' },
    });
  });

  it('keeps an event raised before the orchestration waits for it', async () => {
    const key = id('early');
    await call(runtime.baseUrl, 'POST', `/api/durable/entities/shelf/${key}/stock`, { quantity: 1 });
    const release = hold(key);
    const started = await start(runtime, 'restartable', { key, shelf: key, waitForGo: true, holdFirst: key });
    // Raised while the first activity still runs: the event waits in the history until asked for.
    expect((await raise(started.json.id, 'go')).status).toBe(202);
    release();
    await runtime.idle();
    if (!durableLibrary().resumesOnEarlyEvent) {
      // The library (before 3.5, in Azure too) completes the wait but resumes only on the next event.
      expect((await status(runtime, started.json.id)).json.runtimeStatus).toBe('Running');
      await raise(started.json.id, 'nudge');
      await runtime.idle();
    }
    expect((await status(runtime, started.json.id)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: { first: 1, left: 0, second: 1 },
    });
  });

  it('lets an event win a race against a timer (Task.any), and the cancelled timer changes nothing', async () => {
    const started = await start(runtime, 'approval', 60);
    await runtime.idle();
    await runtime.clock.advanceBy(30 * MINUTE);
    await raise(started.json.id, 'approve', 'yes');
    await runtime.idle();
    expect((await status(runtime, started.json.id)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: { approved: 'yes' },
    });
    const admin = await call(runtime.baseUrl, 'GET', '/admin/durable');
    expect(admin.json.pendingTimers).toBe(0);
    await runtime.clock.advanceBy(2 * 60 * MINUTE);
    expect((await status(runtime, started.json.id)).json.output).toEqual({ approved: 'yes' });
  });

  it('lets the timer win the race when no event comes in time', async () => {
    const started = await start(runtime, 'approval', 60);
    await runtime.idle();
    await runtime.clock.advanceBy(60 * MINUTE);
    const done = await status(runtime, started.json.id);
    expect(done.json).toMatchObject({
      runtimeStatus: 'Completed',
      output: { approved: false, at: new Date(START + 60 * MINUTE).toISOString() },
    });
    expect((await raise(started.json.id, 'approve', 'too late')).json).toBeUndefined();
    await runtime.idle();
    expect((await status(runtime, started.json.id)).json.output).toMatchObject({ approved: false });
  });

  it('times out an activity that takes too long (Task.any of the activity and a timer)', async () => {
    // Time must pass while the activity runs, so this test runs the clock on its own (1000× speed).
    await runtime.stop();
    runtime = await startDurable({
      freshModules: () => jest.resetModules(),
      overrides: { clock: { mode: 'real', speed: 1000 } },
    });
    const key = id('slow');
    const release = hold(key);
    const started = await start(runtime, 'activityTimeout', { key, seconds: 30 });
    for (
      let i = 0;
      i < 200 && (await status(runtime, started.json.id)).json.runtimeStatus !== 'Completed';
      i++
    )
      await sleep(10);
    expect((await status(runtime, started.json.id)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: 'timed out',
    });
    release();
    await runtime.idle();
    expect((await status(runtime, started.json.id)).json.output).toBe('timed out');
  });

  it('takes the activity result when it beats the timer', async () => {
    const key = id('fast');
    const started = await start(runtime, 'activityTimeout', { key, seconds: 30 });
    await runtime.idle();
    expect((await status(runtime, started.json.id)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: `released ${key}`,
    });
  });
});
