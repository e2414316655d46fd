import type { Runtime } from '../runtime';
import { call, run, start, startDurable, status } from '../../test/fixtures/durable/harness';

/** The durable client (df.getClient) against the local runtime's Durable HTTP API, and the admin view. */
describe('durable client on the local runtime', () => {
  let runtime: Runtime;
  let unique = 0;
  const id = (label: string) => `${label}-${Date.now().toString(36)}-${unique++}`;
  const api = (method: string, route: string, body?: unknown) =>
    call(runtime.baseUrl, method, `/api/durable/${route}`, body);

  beforeEach(async () => {
    runtime = await startDurable({ freshModules: () => jest.resetModules() });
  });
  afterEach(async () => runtime.stop());

  it('starts with a chosen instance id, refuses that id while it runs, and restarts it once ended', async () => {
    const instanceId = id('order');
    expect((await start(runtime, 'waiting', undefined, instanceId)).json.id).toBe(instanceId);
    await runtime.idle();
    const again = await start(runtime, 'waiting', undefined, instanceId);
    expect(again.status).toBe(500);
    expect(again.json.error).toContain('409');
    expect(again.json.error).toContain('An Orchestration instance with the status Running already exists.');
    await api('POST', `raise/${instanceId}/go`, 'first');
    await runtime.idle();
    expect((await status(runtime, instanceId)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: 'first',
    });
    expect((await start(runtime, 'waiting', undefined, instanceId)).status).toBe(202);
    await runtime.idle();
    expect((await status(runtime, instanceId)).json).toMatchObject({
      runtimeStatus: 'Running',
      output: null,
    });
    await api('POST', `raise/${instanceId}/go`, 'second');
    await runtime.idle();
    expect((await status(runtime, instanceId)).json).toMatchObject({
      runtimeStatus: 'Completed',
      output: 'second',
    });
  });

  it('answers createCheckStatusResponse with URLs that work against the runtime', async () => {
    const started = await start(runtime, 'waiting');
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(started.json.statusQueryGetUri);
    expect(
      started.json.statusQueryGetUri.startsWith(
        `${runtime.baseUrl}/runtime/webhooks/durabletask/instances/${started.json.id}?`,
      ),
    ).toBe(true);
    await runtime.idle();
    const running = await fetch(started.json.statusQueryGetUri);
    expect(running.status).toBe(202);
    expect(await running.json()).toMatchObject({
      instanceId: started.json.id,
      runtimeStatus: 'Running',
      customStatus: { stage: 'waiting for go' },
    });
    const raise = await fetch(started.json.sendEventPostUri.replace('{eventName}', 'go'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'url' }),
    });
    expect(raise.status).toBe(202);
    await runtime.idle();
    const done = await fetch(started.json.statusQueryGetUri);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ runtimeStatus: 'Completed', output: { by: 'url' } });
  });

  it('builds a management payload (createHttpManagementPayload) whose URLs point at this runtime', async () => {
    const payload = (await api('GET', 'payload/abc')).json;
    expect(payload.id).toBe('abc');
    expect(payload.statusQueryGetUri).toBe(
      `${runtime.baseUrl}/runtime/webhooks/durabletask/instances/abc?taskHub=TestHubName&connection=Storage`,
    );
    expect(payload.terminatePostUri).toContain(
      `${runtime.baseUrl}/runtime/webhooks/durabletask/instances/abc/terminate?reason={text}`,
    );
  });

  it('filters instances by runtime status (getStatusBy) and lists them all (getStatusAll)', async () => {
    const waiting = (await start(runtime, 'waiting')).json.id;
    const done = (await run(runtime, 'echoAll', [1])).json.instanceId;
    const running = (await api('GET', 'instances?status=Running')).json.map(
      (s: { instanceId: string }) => s.instanceId,
    );
    expect(running).toContain(waiting);
    expect(running).not.toContain(done);
    const all = (await api('GET', 'instances')).json.map((s: { instanceId: string }) => s.instanceId);
    expect(all).toEqual(expect.arrayContaining([waiting, done]));
  });

  it('terminates a running instance with a reason; terminating it again is accepted', async () => {
    const instanceId = (await start(runtime, 'waiting')).json.id;
    await runtime.idle();
    expect((await api('POST', `terminate/${instanceId}?reason=customer%20left`)).status).toBe(202);
    await runtime.idle();
    expect((await status(runtime, instanceId)).json).toMatchObject({
      runtimeStatus: 'Terminated',
      output: 'customer left',
    });
    expect((await api('POST', `terminate/${instanceId}?reason=again`)).status).toBe(202);
    await api('POST', `raise/${instanceId}/go`, 'late');
    await runtime.idle();
    expect((await status(runtime, instanceId)).json.runtimeStatus).toBe('Terminated');
  });

  it('purges an ended instance, and refuses to purge a running one', async () => {
    const doneId = (await run(runtime, 'echoAll', [1])).json.instanceId;
    expect((await api('DELETE', `instances/${doneId}`)).json).toEqual({ instancesDeleted: 1 });
    const gone = await status(runtime, doneId);
    expect(gone.status).toBe(500);
    expect(gone.json.error).toContain('404');
    expect((await api('DELETE', `instances/${doneId}`)).json).toEqual({ instancesDeleted: 0 });
    const runningId = (await start(runtime, 'waiting')).json.id;
    await runtime.idle();
    const refused = await api('DELETE', `instances/${runningId}`);
    expect(refused.json.error).toContain('412');
  });

  it('refuses to start an orchestrator that does not exist, and to raise an event for an unknown instance', async () => {
    const unknown = await start(runtime, 'noSuchOrchestrator');
    expect(unknown.status).toBe(500);
    expect(unknown.json.error).toContain("The function 'noSuchOrchestrator' doesn't exist");
    const raise = await api('POST', 'raise/nobody/go', 1);
    expect(raise.json.error).toBe("No instance with ID 'nobody' found.");
  });

  it('rejects bad input on the Durable HTTP API', async () => {
    const badJson = await fetch(`${runtime.baseUrl}/runtime/webhooks/durabletask/orchestrators/waiting`, {
      method: 'POST',
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    const entityLike = await call(
      runtime.baseUrl,
      'POST',
      '/runtime/webhooks/durabletask/orchestrators/waiting/@counter@x',
    );
    expect(entityLike.status).toBe(400);
    const rewind = await call(
      runtime.baseUrl,
      'POST',
      `/runtime/webhooks/durabletask/instances/${(await run(runtime, 'echoAll', [1])).json.instanceId}/rewind`,
    );
    expect(rewind.status).toBe(501);
  });

  it('shows instances, custom status and history length in the admin view', async () => {
    const instanceId = (await start(runtime, 'waiting')).json.id;
    await runtime.idle();
    const list = (await call(runtime.baseUrl, 'GET', '/admin/durable/instances?status=Running')).json;
    expect(list).toContainEqual(
      expect.objectContaining({
        instanceId,
        name: 'waiting',
        runtimeStatus: 'Running',
        customStatus: { stage: 'waiting for go' },
        historyLength: 3,
      }),
    );
    const detail = (await call(runtime.baseUrl, 'GET', `/admin/durable/instances/${instanceId}`)).json;
    // OrchestratorStarted, ExecutionStarted, OrchestratorCompleted: the orchestrator now waits for "go".
    expect(detail.history.map((e: { EventType: number }) => e.EventType)).toEqual([12, 0, 13]);
    expect((await call(runtime.baseUrl, 'GET', '/admin/durable/instances/nobody')).status).toBe(404);
    const summary = (await call(runtime.baseUrl, 'GET', '/admin/durable')).json;
    expect(summary.orchestrations.Running).toBeGreaterThanOrEqual(1);
  });
});
