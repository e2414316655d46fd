import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync, hasMagic } from 'glob';
import { resolveSetting } from './settings';

/** The parts of host.json and local.settings.json the local runtime honours (see docs/local-runtime.md). */
export interface HostConfig {
  routePrefix: string;
  maxConcurrentCalls: number;
  maxRequestBodyBytes: number;
}

export function readHostConfig(appRoot: string): HostConfig {
  const file = path.join(appRoot, 'host.json');
  const json = readJson(file) as {
    version?: string;
    extensions?: { http?: { routePrefix?: unknown }; serviceBus?: { maxConcurrentCalls?: unknown } };
  };
  if (json.version !== '2.0') throw new Error(`${file}: "version" must be "2.0"`);
  const routePrefix = json.extensions?.http?.routePrefix ?? 'api';
  if (typeof routePrefix !== 'string')
    throw new Error(`${file}: extensions.http.routePrefix must be a string`);
  const maxConcurrentCalls = json.extensions?.serviceBus?.maxConcurrentCalls ?? 16;
  if (!Number.isInteger(maxConcurrentCalls) || (maxConcurrentCalls as number) < 1) {
    throw new Error(`${file}: extensions.serviceBus.maxConcurrentCalls must be a positive integer`);
  }
  return {
    routePrefix: routePrefix.replace(/^\/+|\/+$/g, ''),
    maxConcurrentCalls: maxConcurrentCalls as number,
    maxRequestBodyBytes: 1024 * 1024,
  };
}

/**
 * The Durable task hub name: host.json `extensions.durableTask.hubName` (an `%APP_SETTING%`
 * reference is resolved, as the host does), default `TestHubName` as under `func start` (in Azure the
 * default is derived from the app's name). Checked against the task hub naming rules (Microsoft
 * Learn, "Task hubs in Durable Functions": only letters and digits, starting with a letter, 3 to 45
 * characters), so a name Azure would refuse is refused here too.
 */
export const DEFAULT_TASK_HUB_NAME = 'TestHubName';

export function readTaskHubName(
  appRoot: string,
  settings: Readonly<Record<string, string | undefined>>,
): string {
  const file = path.join(appRoot, 'host.json');
  const json = readJson(file) as { extensions?: { durableTask?: { hubName?: unknown } } };
  const raw = json.extensions?.durableTask?.hubName;
  if (raw === undefined) return DEFAULT_TASK_HUB_NAME;
  if (typeof raw !== 'string') throw new Error(`${file}: extensions.durableTask.hubName must be a string`);
  const name = resolveSetting(raw, settings);
  if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(name)) {
    throw new Error(
      `${file}: extensions.durableTask.hubName "${name}" is not a valid task hub name (only letters and digits, starting with a letter, 3 to 45 characters)`,
    );
  }
  return name;
}

/** What package.json says about the app: its name and what it declares for the local runtime. */
export interface AppPackage {
  /** package.json "name", else the folder's name. */
  name: string;
  /**
   * package.json `localRuntime.topology`: the app's Service Bus topology file (relative to the app
   * root), the topics and subscriptions it deploys.
   */
  topologyFile?: string;
}

/** Without a package.json (an app started with an explicit entry): the folder's name, nothing declared. */
export function readAppPackage(appRoot: string): AppPackage {
  const file = path.join(appRoot, 'package.json');
  if (!fs.existsSync(file)) return { name: path.basename(appRoot) };
  const pkg = readJson(file) as { name?: unknown; localRuntime?: { topology?: unknown } };
  const name = typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : path.basename(appRoot);
  const topology = pkg.localRuntime?.topology;
  if (topology !== undefined && (typeof topology !== 'string' || topology === ''))
    throw new Error(`${file}: "localRuntime.topology" must name the app's Service Bus topology file`);
  return { name, topologyFile: topology };
}

/** `Values` of local.settings.json, when the file exists (it is git-ignored; see the sample). */
export function readLocalSettings(appRoot: string): Record<string, string> {
  const file = path.join(appRoot, 'local.settings.json');
  if (!fs.existsSync(file)) return {};
  const json = readJson(file) as { Values?: Record<string, unknown> };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(json.Values ?? {})) {
    if (typeof value !== 'string') throw new Error(`${file}: Values.${key} must be a string`);
    values[key] = value;
  }
  return values;
}

/**
 * The app's entry modules: package.json "main", resolved against the app root. As the Node.js worker,
 * "main" may be a glob (`dist/src/functions/*.js`, `{index.js,functions/*.js}`): every file it
 * matches is loaded, in sorted order, and a pattern matching no file is an error naming it.
 */
export function readEntries(appRoot: string): string[] {
  const file = path.join(appRoot, 'package.json');
  const pkg = readJson(file) as { main?: unknown };
  if (typeof pkg.main !== 'string') throw new Error(`${file}: "main" must name the app's entry module`);
  if (!hasMagic(pkg.main, { magicalBraces: true })) return [path.resolve(appRoot, pkg.main)];
  const files = globSync(pkg.main, { cwd: appRoot, nodir: true, posix: true }).sort();
  if (files.length === 0) throw new Error(`${file}: "main" pattern "${pkg.main}" matches no file`);
  return files.map((f) => path.resolve(appRoot, f));
}

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
