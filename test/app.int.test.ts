import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Runtime } from '../local/runtime';
import { catalog } from '../shared/events/catalog';
import { deriveTopology } from '../shared/events/topology';
import { http, repoRoot, START, startChild, tempDir } from './support/runtime-harness';
import { Browser } from '../functions/auth/auth-test-kit';

const cli = path.join(repoRoot, 'dist/local/cli.js');
const runCli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, '--port', '0', '--in-memory', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('the bakery app on the local runtime', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    jest.resetModules();
    const { startRuntime } = require('../local/runtime') as typeof import('../local/runtime');
    const { localExtensions } = require('../local/extensions') as typeof import('../local/extensions');
    runtime = await startRuntime({
      appRoot: repoRoot,
      entry: path.join(repoRoot, 'functions/index.ts'),
      port: 0,
      logLevel: 'silent',
      clock: { mode: 'manual', startAt: START },
      extensions: localExtensions(),
      topology: deriveTopology(catalog),
      settings: { BAKERY_SERVICES: 'health,production' },
    });
  });
  afterAll(() => runtime.stop());

  it('answers GET /api/health with the runtime, the loaded services and the bakery clock', async () => {
    const res = await http(runtime.baseUrl, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      runtime: { runtime: 'bakery-local', clock: { mode: 'manual' } },
      services: ['health', 'production'],
      clock: { now: new Date(START).toISOString() },
    });
  });

  it('follows the virtual clock', async () => {
    await runtime.clock.advanceBy(90_000);
    const res = await http(runtime.baseUrl, 'GET', '/api/health');
    expect(res.json.clock.now).toBe(new Date(START + 90_000).toISOString());
  });
});

describe('npm start (the CLI)', () => {
  it('prints its options with --help and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--speed N');
    expect(result.stdout).toContain('--start-at');
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--speed', 'fast'], /--speed must be a positive number/],
    [['--port', '99999'], /--port must be a port number/],
    [['--start-at', 'tomorrow'], /--start-at: "tomorrow" is not a local date-time/],
  ])('refuses %j with a clear message and exit code 2', (args, message) => {
    const result = runCli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses bad configuration at start, naming the setting', () => {
    const result = runCli([], { BAKERY_SERVICES: 'bank,bnak' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/BAKERY_SERVICES/);
    expect(result.stderr).toMatch(/bnak/);
  });

  it('refuses a malformed bakery configuration at start, naming the setting', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bakery.config.json');
    const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'bakery.config.json'), 'utf8'));
    config.products[1].batchSize = -2;
    fs.writeFileSync(file, JSON.stringify(config));
    const result = runCli([], { BAKERY_CONFIG: file });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: products[1].batchSize: must be a positive integer`);
  });

  it('starts the clock at a bakery-local time and lists every function', async () => {
    // npm start reads --start-at in the bakery's zone (bakery.config.json: Australia/Sydney).
    const child = await startChild(
      ['--in-memory', '--start-at', '2026-12-01T06:55', '--speed', '600'],
      {},
      repoRoot,
      'npm start',
    );
    try {
      expect(child.output()).toMatch(/health: http \[GET\] http:\/\/127\.0\.0\.1:\d+\/api\/health/);
      const res = await http(child.baseUrl, 'GET', '/api/health');
      const now = Date.parse(res.json.clock.now);
      const start = Date.parse('2026-11-30T19:55:00Z'); // 06:55 in Sydney (UTC+11 in December)
      expect(now).toBeGreaterThanOrEqual(start);
      expect(now).toBeLessThan(start + 10 * 60_000);
    } finally {
      await child.kill('SIGTERM');
    }
  });

  it('signs people in through the local identity provider; no development token issuer', async () => {
    const state = tempDir('bakery-start-auth-');
    const child = await startChild(
      ['--state', state, '--quiet'],
      { BAKERY_SERVICES: 'production,auth' },
      repoRoot,
      'npm start',
    );
    try {
      expect((await http(child.baseUrl, 'POST', '/admin/dev/token', { sub: 'sam' })).status).toBe(404);
      const ca = fs.readFileSync(path.join(state, 'identity', 'tls-cert.pem'), 'utf8');
      const token = async (username: string) => {
        const browser = new Browser(child.baseUrl, ca);
        expect((await browser.signIn(username, `${username} password`)).status).toBe(302);
        return (JSON.parse((await browser.token()).body) as { accessToken: string }).accessToken;
      };
      const schedule = async (accessToken: string) =>
        (
          await http(child.baseUrl, 'GET', '/api/production/schedule', undefined, {
            authorization: `Bearer ${accessToken}`,
          })
        ).status;
      expect(await schedule(await token('manager'))).toBe(200);
      expect(await schedule(await token('cara'))).toBe(403);
    } finally {
      await child.kill('SIGTERM');
    }
  });
});
