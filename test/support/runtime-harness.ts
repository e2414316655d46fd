import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime, RuntimeOptions } from '../../local/runtime';
import type { Topology } from '../../local/bus/topology-types';

export const repoRoot = path.resolve(__dirname, '../..');
export const fixtureRoot = path.join(repoRoot, 'test/fixtures/runtime-app');
export const fixtureTopology = JSON.parse(
  fs.readFileSync(path.join(fixtureRoot, 'topology.json'), 'utf8'),
) as Topology;
export const START = Date.parse('2026-12-01T06:00:00Z');

export function tempDir(prefix = 'bakery-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts the fixture app in this jest process on a manual clock. Each call loads a fresh module
 * graph (runtime, `@azure/functions`, the app), as a new worker process would.
 */
export async function startFixture(overrides: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  jest.resetModules();

  const { startRuntime } = require('../../local/runtime') as typeof import('../../local/runtime');
  return startRuntime({
    appRoot: fixtureRoot,
    entry: path.join(fixtureRoot, 'index.ts'),
    port: 0,
    logLevel: 'silent',
    clock: { mode: 'manual', startAt: START },
    topology: fixtureTopology,
    ...overrides,
  });
}

export interface ChildRuntime {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the built CLI (`dist/local/cli.js`) as its own process; `script` `'npm start'` runs the
 * bakery's launcher instead (`dist/scripts/start-local.js`, what `npm start` runs).
 */
export async function startChild(
  args: string[],
  env: Record<string, string> = {},
  cwd = fixtureRoot,
  script: 'cli' | 'npm start' = 'cli',
): Promise<ChildRuntime> {
  const cli = path.join(repoRoot, script === 'cli' ? 'dist/local/cli.js' : 'dist/scripts/start-local.js');
  const child = spawn(process.execPath, [cli, '--port', '0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime did not start:\n${out}`)), 20_000);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code}:\n${out}`));
    });
  });
  return {
    baseUrl,
    process: child,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function http(
  baseUrl: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as any };
}
