import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { hold, readLog, shared } from '../../test/fixtures/durable/globals';
import { call, start, startDurable, status } from '../../test/fixtures/durable/harness';

jest.setTimeout(60_000);

/**
 * Stopping the runtime in the middle of an orchestration, and crashing it in the middle of an entity
 * batch or an activity: after a start on the same state, every orchestration resumes by replay and
 * no activity result or entity operation is lost or applied twice.
 */
describe('durable state across restarts', () => {
  const stateDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'durable-restart-'));
  const fresh = () => jest.resetModules();
  const effects = (key: string, kind: string, step?: string) =>
    shared().effects.filter((e) => e.kind === kind && e.key === key && (!step || e.step === step));
  let unique = 0;
  const id = (label: string) => `${label}-${Date.now().toString(36)}-${unique++}`;
  const stock = async (runtime: Runtime, shelf: string, quantity: number) => {
    await call(runtime.baseUrl, 'POST', `/api/durable/entities/shelf/${shelf}/stock`, { quantity });
    await runtime.idle();
  };
  const shelfState = async (runtime: Runtime, shelf: string) =>
    (await call(runtime.baseUrl, 'GET', `/api/durable/entities/shelf/${shelf}`)).json.entityState;

  it('resumes an orchestration stopped while it waited, without repeating finished work', async () => {
    const dir = stateDir();
    const key = id('stop');
    const first = await startDurable({ freshModules: fresh, stateDir: dir });
    await stock(first, key, 2);
    const instanceId = (await start(first, 'restartable', { key, shelf: key, waitForGo: true })).json.id;
    await first.idle();
    await first.stop();

    const second = await startDurable({ freshModules: fresh, stateDir: dir });
    try {
      expect((await status(second, instanceId)).json.runtimeStatus).toBe('Running');
      await call(second.baseUrl, 'POST', `/api/durable/raise/${instanceId}/go`);
      await second.idle();
      expect((await status(second, instanceId)).json).toMatchObject({
        runtimeStatus: 'Completed',
        output: { first: 1, left: 1, second: 1 },
      });
      expect(effects(key, 'side', 'first')).toHaveLength(1);
      expect((await shelfState(second, key)).available).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('survives a crash in the middle of an entity batch: the operation is applied exactly once', async () => {
    const dir = stateDir();
    const key = id('crash-entity');
    const crashed = await startDurable({ freshModules: fresh, stateDir: dir });
    await stock(crashed, key, 3);
    const release = hold(`${key}:entity`);
    const instanceId = (await start(crashed, 'restartable', { key, shelf: key, holdEntity: `${key}:entity` }))
      .json.id;
    await until(() => effects(key, 'shelf-op', 'reserve').length === 1);

    // A new runtime takes over the state while the old one is stuck in the batch: a crash, as far
    // as the journal is concerned (the old process's later writes go to a replaced file).
    const second = await startDurable({ freshModules: fresh, stateDir: dir });
    const oldStopped = crashed.stop();
    release();
    await oldStopped;
    try {
      await second.idle();
      expect((await status(second, instanceId)).json).toMatchObject({
        runtimeStatus: 'Completed',
        output: { first: 1, left: 2, second: 1 },
      });
      expect(effects(key, 'shelf-op', 'reserve')).toHaveLength(2);
      expect(await shelfState(second, key)).toEqual({ available: 2, reservations: { [key]: 1 } });
      expect(effects(key, 'side', 'first')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('survives a crash during an activity: finished steps are not redone, the interrupted one runs again', async () => {
    const dir = stateDir();
    const key = id('crash-activity');
    const crashed = await startDurable({ freshModules: fresh, stateDir: dir });
    await stock(crashed, key, 1);
    const release = hold(`${key}:second`);
    const instanceId = (
      await start(crashed, 'restartable', { key, shelf: key, holdActivity: `${key}:second` })
    ).json.id;
    await until(
      () => shared().holds.has(`${key}:second`) && effects(key, 'shelf-op', 'reserve').length === 1,
    );
    await until(
      async () =>
        (await call(crashed.baseUrl, 'GET', `/admin/durable/instances/${instanceId}`)).json.activities
          .length === 1,
    );

    const second = await startDurable({ freshModules: fresh, stateDir: dir });
    const oldStopped = crashed.stop();
    release();
    await oldStopped;
    try {
      await second.idle();
      // At least once, as in Azure: the activity that was running at the crash ran again.
      expect((await status(second, instanceId)).json).toMatchObject({
        runtimeStatus: 'Completed',
        output: { first: 1, left: 0, second: 2 },
      });
      expect(effects(key, 'side', 'first')).toHaveLength(1);
      expect(effects(key, 'shelf-op', 'reserve')).toHaveLength(1);
      expect((await shelfState(second, key)).available).toBe(0);
    } finally {
      await second.stop();
    }
  });

  it('resumes after kill -9 of the runtime process in the middle of an entity batch', async () => {
    const dir = stateDir();
    const log = path.join(dir, 'effects.jsonl');
    const key = id('kill');
    const first = await child(dir, { DURABLE_FIXTURE_LOG: log, DURABLE_HOLD: `${key}:entity` });
    await call(first.baseUrl, 'POST', `/api/durable/entities/shelf/${key}/stock`, { quantity: 5 });
    await call(first.baseUrl, 'POST', '/admin/idle');
    const instanceId = (
      await call(first.baseUrl, 'POST', '/api/durable/start/restartable', {
        key,
        shelf: key,
        holdEntity: `${key}:entity`,
      })
    ).json.id;
    await until(() => readLog(log).some((e) => e.kind === 'shelf-op' && e.step === 'reserve'));
    first.kill();
    await first.exited;

    const second = await child(dir, { DURABLE_FIXTURE_LOG: log });
    try {
      await call(second.baseUrl, 'POST', '/admin/idle');
      expect((await call(second.baseUrl, 'GET', `/api/durable/status/${instanceId}`)).json).toMatchObject({
        runtimeStatus: 'Completed',
        output: { first: 1, left: 4, second: 1 },
      });
      const entries = readLog(log);
      expect(entries.filter((e) => e.kind === 'side' && e.step === 'first')).toHaveLength(1);
      expect(entries.filter((e) => e.kind === 'shelf-op' && e.step === 'reserve')).toHaveLength(2);
      expect(
        (await call(second.baseUrl, 'GET', `/api/durable/entities/shelf/${key}`)).json.entityState.available,
      ).toBe(4);
    } finally {
      second.kill();
      await second.exited;
    }
  });
});

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out waiting');
}

async function child(stateDir: string, env: Record<string, string>) {
  const script = path.resolve(__dirname, '../../dist/test/fixtures/durable/child.js');
  const proc = spawn(process.execPath, [script, stateDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await until(() => /listening on /.test(out) || proc.exitCode !== null);
  const m = /listening on (\S+)/.exec(out);
  if (!m) throw new Error(`child runtime did not start (is dist/ built?):\n${out}`);
  return { baseUrl: m[1], exited, kill: () => proc.kill('SIGKILL') };
}
