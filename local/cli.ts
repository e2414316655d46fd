#!/usr/bin/env node
/**
 * `npm start`: the bakery's launcher for the local runtime. The runtime (runtime.ts and everything
 * under local/ but this file) is a generic Functions host; what is the bakery's is chosen here: its
 * configuration's time zone, the development token issuer, and the Service Bus topology derived
 * from its event catalog.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startRuntime, type Runtime } from './runtime';
import { parseZonedTime } from '../shared/time/zoned-time';
import { describeTrigger } from './admin/admin-routes';
import { localExtensions } from './extensions';
import { startDevIssuer } from './dev/token-issuer';
import { devTokensExtension } from './dev/dev-tokens-extension';
import { deriveTopology, type Topology } from '../shared/events/topology';
import { catalog } from '../shared/events/catalog';
import { loadBakeryConfig } from '../shared/config/bakery-config';

const usage = `Usage: npm start -- [options]

Runs the bakery's Azure Functions app on the local runtime: no cloud, no Docker, only Node.

Options:
  --port N             HTTP port (default 7071, as func start)
  --speed N            run the clock N times as fast as real time (default 1)
  --start-at TIME      start the clock at a bakery-local time, e.g. 2026-12-01T06:55
                       (time zone: BAKERY_TIME_ZONE, else the bakery's own from
                       bakery.config.json, else WEBSITE_TIME_ZONE, TZ, UTC)
  --clock manual       freeze the clock; step it with POST /admin/clock/advance
  --state DIR          where state is kept (default .bakery/state)
  --in-memory          keep no state on disk
  --fresh              start a new bakery: delete the saved state first
  --topology FILE      Service Bus topology JSON (default: derived from the event catalog)
  --quiet              only warnings and errors
  --help               this text
`;

function fail(message: string): never {
  process.stderr.write(`bakery: ${message}\n\nRun with --help for the options.\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        speed: { type: 'string' },
        'start-at': { type: 'string' },
        clock: { type: 'string' },
        state: { type: 'string' },
        'in-memory': { type: 'boolean' },
        fresh: { type: 'boolean' },
        quiet: { type: 'boolean' },
        topology: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const port = values.port === undefined ? 7071 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, got "${values.port}"`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed))
    fail(`--speed must be a positive number, got "${values.speed}"`);
  if (values.clock !== undefined && values.clock !== 'manual' && values.clock !== 'real')
    fail(`--clock must be "manual" or "real", got "${values.clock}"`);
  const appRoot = process.cwd();
  const zone =
    process.env.BAKERY_TIME_ZONE ||
    bakeryTimeZone(appRoot) ||
    process.env.WEBSITE_TIME_ZONE ||
    process.env.TZ ||
    'UTC';
  let startAt: number | undefined;
  if (values['start-at'] !== undefined) {
    try {
      startAt = parseZonedTime(values['start-at'], zone);
    } catch (error) {
      fail(`--start-at: ${(error as Error).message}`);
    }
  }
  const stateDir = values['in-memory'] ? undefined : path.resolve(appRoot, values.state ?? '.bakery/state');

  let topology: Topology = deriveTopology(catalog);
  if (values.topology !== undefined) {
    try {
      topology = JSON.parse(fs.readFileSync(path.resolve(appRoot, values.topology), 'utf8')) as Topology;
    } catch (error) {
      fail(`--topology: ${(error as Error).message}`);
    }
  }

  // Until the auth service signs people in, a development issuer provides tokens (POST /admin/dev/token).
  const devIssuer = process.env.AUTH_JWKS_URL ? undefined : await startDevIssuer();

  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      appRoot,
      port,
      stateDir,
      fresh: values.fresh,
      clock: { mode: values.clock === 'manual' ? 'manual' : 'real', speed, startAt },
      extensions: [...localExtensions(), ...(devIssuer ? [devTokensExtension(devIssuer)] : [])],
      settings: devIssuer ? { AUTH_JWKS_URL: devIssuer.jwksUrl } : {},
      topology,
      logLevel: values.quiet ? 'warn' : 'info',
    });
  } catch (error) {
    fail((error as Error).message);
  }
  printBanner(runtime, devIssuer !== undefined);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stderr.write(
        `${signal} again: exiting without waiting (the journal keeps everything committed)\n`,
      );
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: stopping (state is kept)...\n`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The bakery's own zone, from its configuration (BAKERY_CONFIG), when the app has one. */
function bakeryTimeZone(appRoot: string): string | undefined {
  const file = path.resolve(appRoot, process.env.BAKERY_CONFIG ?? 'bakery.config.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return loadBakeryConfig(file).timeZone;
  } catch (error) {
    fail((error as Error).message);
  }
}

function printBanner(runtime: Runtime, devTokens: boolean): void {
  const lines = [`bakery local runtime listening on ${runtime.baseUrl}`, ''];
  lines.push('Functions:');
  for (const fn of runtime.functions) {
    const t = describeTrigger(fn);
    const what =
      t.trigger === 'http'
        ? `[${(t.methods as string[] | undefined)?.join(',') ?? 'ANY'}] ${runtime.baseUrl}/api/${String(t.route)}`
        : t.trigger === 'timer'
          ? `schedule "${String(t.schedule)}"`
          : t.trigger === 'serviceBus'
            ? `topic ${String(t.topic)} / subscription ${String(t.subscription)}`
            : t.trigger === 'cosmosDB'
              ? `change feed of ${String(t.container)}`
              : '';
    lines.push(`  ${fn.name}: ${String(t.trigger)} ${what}`);
  }
  const clock = runtime.describe().clock as Record<string, unknown>;
  if (devTokens) {
    lines.push(
      '',
      `Tokens (local development): curl -X POST ${runtime.baseUrl}/admin/dev/token -d '{"sub":"sam","roles":["staff"]}'`,
    );
  }
  lines.push(
    '',
    `State: ${runtime.stateLocation}`,
    `Clock: ${String(clock.now)} (${String(clock.mode)}, speed ${String(clock.speed)})`,
    'Press Ctrl-C to stop.',
    '',
  );
  process.stdout.write(lines.join('\n'));
}

void main();
