import type { Runtime } from '../runtime';
import { shared } from '../../test/fixtures/durable/globals';
import { call, run, start, startDurable, status } from '../../test/fixtures/durable/harness';
import { durableLibrary } from '../../test/fixtures/durable-failures/library';

const lib = durableLibrary();

/** Orchestrations written against durable-functions' public API, run by the local host. */
describe('durable orchestrations on the local runtime', () => {
  let runtime: Runtime;
  const effects = (kind: string, key: string) =>
    shared().effects.filter((e) => e.kind === kind && e.key === key);
  let unique = 0;
  const id = (label: string) => `${label}-${Date.now().toString(36)}-${unique++}`;

  beforeEach(async () => {
    runtime = await startDurable({ freshModules: () => jest.resetModules() });
  });
  afterEach(async () => runtime.stop());

  it('passes any JSON to activities and back, unchanged', async () => {
    const values = [
      'abc',
      '123',
      '',
      'with "quotes"',
      42,
      3.5,
      -0.25,
      true,
      false,
      null,
      [1, 'a', { b: null }],
      { nested: { list: [1, 2], s: 'x' } },
    ];
    const result = await run(runtime, 'echoAll', values);
    expect(result.json).toMatchObject({ runtimeStatus: 'Completed', input: values, output: values });
  });

  it('fans out with Task.all and gathers every result', async () => {
    const result = await run(runtime, 'fanOut', 20);
    expect(result.json).toMatchObject({ runtimeStatus: 'Completed', output: 210 });
  });

  it('retries a failing activity with callActivityWithRetry, waiting the retry interval on the virtual clock', async () => {
    const key = id('retry');
    const started = await start(runtime, 'withRetry', { key, failures: 2, attempts: 3 });
    await runtime.idle();
    expect(effects('flaky', key)).toHaveLength(1);
    await runtime.clock.advanceBy(999);
    expect(effects('flaky', key)).toHaveLength(1);
    await runtime.clock.advanceBy(1);
    expect(effects('flaky', key)).toHaveLength(2);
    await runtime.clock.advanceBy(1000);
    const done = await status(runtime, started.json.id);
    expect(done.json).toMatchObject({ runtimeStatus: 'Completed', output: 'ok after 3' });
    expect(effects('flaky', key)).toHaveLength(3);
  });

  it('gives up after maxNumberOfAttempts and fails with the last error', async () => {
    const key = id('retry-out');
    const started = await start(runtime, 'withRetry', { key, failures: 10, attempts: 2 });
    await runtime.clock.advanceBy(10_000);
    const done = await status(runtime, started.json.id);
    expect(effects('flaky', key)).toHaveLength(2);
    expect(done.json.runtimeStatus).toBe('Failed');
    expect(done.json.output).toContain('flaky attempt 2 failed');
  });

  it('numbers a retry inside Task.all the way the library does', async () => {
    const key = id('retry-all');
    const started = await start(runtime, 'retryInParallel', { key, failures: 2 });
    await runtime.clock.advanceBy(10_000);
    const done = await status(runtime, started.json.id);
    expect(done.json).toMatchObject({
      runtimeStatus: 'Completed',
      output: ['ok after 3', 'beside', 'after'],
    });
  });

  it('runs sub-orchestrations with a chosen instance id and returns their output', async () => {
    const childId = id('child');
    const result = await run(runtime, 'parent', { child: 'echoAll', childId, input: [1, 'two'] });
    expect(result.json).toMatchObject({ runtimeStatus: 'Completed', output: { result: [1, 'two'] } });
    const child = await status(runtime, childId);
    expect(child.json).toMatchObject({ name: 'echoAll', runtimeStatus: 'Completed', output: [1, 'two'] });
  });

  it("surfaces a failed sub-orchestration's error message to the parent", async () => {
    const result = await run(runtime, 'parent', { child: 'thrower', input: 'x' });
    expect(result.json.runtimeStatus).toBe('Completed');
    if (lib.readsFailureDetails) expect(result.json.output.error).toBe('Error: boom: "x"');
    else
      expect(result.json.output.error).toMatch(
        /^Orchestrator function 'thrower' failed: boom: "x" \n Message: boom: "x", StackTrace: /,
      );
  });

  it('retries a sub-orchestration with callSubOrchestratorWithRetry', async () => {
    const key = id('sub-retry');
    const started = await start(runtime, 'parent', {
      child: 'flakyChild',
      childId: `${key}-child`,
      input: { key, failures: 1 },
      retry: 3,
    });
    await runtime.clock.advanceBy(5_000);
    const done = await status(runtime, started.json.id);
    expect(done.json).toMatchObject({ runtimeStatus: 'Completed', output: { result: 'ok after 2' } });
    expect(effects('flaky', key)).toHaveLength(2);
  });

  it('continues as new with fresh history until done, keeping the custom status', async () => {
    const result = await run(runtime, 'loop', 0);
    expect(result.json).toMatchObject({ runtimeStatus: 'Completed', output: 3, customStatus: { round: 3 } });
    const admin = await call(runtime.baseUrl, 'GET', `/admin/durable/instances/${result.json.instanceId}`);
    // Only the last execution's history is kept: start, echo, completion.
    expect(admin.json.history.filter((e: { EventType: number }) => e.EventType === 0)).toHaveLength(1);
    expect(JSON.parse(admin.json.history.find((e: { EventType: number }) => e.EventType === 0).Input)).toBe(
      3,
    );
  });

  it('shows the custom status while waiting', async () => {
    const started = await start(runtime, 'waiting');
    await runtime.idle();
    expect((await status(runtime, started.json.id)).json).toMatchObject({
      runtimeStatus: 'Running',
      customStatus: { stage: 'waiting for go' },
    });
  });

  it('reports an orchestrator that throws as Failed, with its error message in the status', async () => {
    const result = await run(runtime, 'thrower', { order: 7 });
    expect(result.json.runtimeStatus).toBe('Failed');
    expect(result.json.output).toBe(`Orchestrator function 'thrower' failed: boom: {"order":7}`);
    const raw = await call(
      runtime.baseUrl,
      'GET',
      `/runtime/webhooks/durabletask/instances/${result.json.instanceId}`,
    );
    expect(raw.status).toBe(200);
    expect(raw.json.failureDetails).toEqual({ errorType: 'Error', errorMessage: 'boom: {"order":7}' });
  });

  it('fails an orchestration whose actions the host cannot carry out, instead of leaving it pending', async () => {
    const result = await run(runtime, 'badTimer', null);
    expect(result.json.runtimeStatus).toBe('Failed');
    expect(result.json.output).toContain("The host could not carry out the orchestrator's actions");
  });

  it('hands an activity failure to the orchestrator as a catchable error', async () => {
    if (!lib.readsFailureDetails) {
      // Before 3.5 the library makes an Error of Reason and Details, as in Azure.
      const reason = `Activity function 'fail' failed:  bad input "x" \n {"$type":"System.Exception`;
      const handled = await run(runtime, 'activityFails', { handle: true });
      expect(handled.json.output.name).toBe('Error');
      expect(handled.json.output.message.startsWith(reason)).toBe(true);
      const unhandled = await run(runtime, 'activityFails', { handle: false });
      expect(unhandled.json.runtimeStatus).toBe('Failed');
      expect(
        unhandled.json.output.startsWith(`Orchestrator function 'activityFails' failed: ${reason}`),
      ).toBe(true);
      return;
    }
    const handled = await run(runtime, 'activityFails', { handle: true });
    expect(handled.json).toMatchObject({
      runtimeStatus: 'Completed',
      output: { name: 'TaskFailedError', message: 'TypeError: bad input "x"' },
    });
    const unhandled = await run(runtime, 'activityFails', { handle: false });
    expect(unhandled.json).toMatchObject({
      runtimeStatus: 'Failed',
      output: `Orchestrator function 'activityFails' failed: TypeError: bad input "x"`,
    });
    const raw = await call(
      runtime.baseUrl,
      'GET',
      `/runtime/webhooks/durabletask/instances/${unhandled.json.instanceId}`,
    );
    expect(raw.json.failureDetails).toEqual({
      errorType: 'TypeError',
      errorMessage: 'TypeError: bad input "x"',
    });
  });

  it('fails a call to an activity that does not exist', async () => {
    const result = await run(runtime, 'missingActivity');
    expect(result.json.runtimeStatus).toBe('Failed');
    expect(result.json.output).toContain("The function 'noSuchActivity' doesn't exist");
  });

  it('replays deterministically: the same branch, guid and time after every replay, side effects once', async () => {
    const key = id('det');
    const started = await start(runtime, 'deterministic', key);
    await runtime.idle();
    await runtime.clock.advanceBy(60_000);
    await call(runtime.baseUrl, 'POST', `/api/durable/raise/${started.json.id}/go`, {});
    await runtime.idle();
    const done = (await status(runtime, started.json.id)).json;
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toMatchObject({
      replayedGuid: true,
      replayedTime: true,
      time: new Date(runtime.clock.now() - 60_000).toISOString(),
    });
    expect(effects('random', key)).toHaveLength(1);
    expect(effects('side', key).map((e) => e.step)).toEqual([done.output.branch]);
    expect(done.output.branch).toBe(done.output.roll > 0.5 ? 'high' : 'low');
  });
});
