#!/usr/bin/env node
/**
 * The local runtime's command line: runs the Azure Functions app in the current folder (host.json,
 * package.json "main") as `func start` would, with nothing but Node. Nothing here knows which app it
 * runs; an app passes its own choices as options (the bakery's `npm start` does so through
 * scripts/start-local.ts).
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startRuntime, type Runtime } from './runtime';
import { parseZonedTime } from '../shared/time/zoned-time';
import { describeTrigger } from './admin/admin-routes';
import { localExtensions } from './extensions';
import { readLocalSettings, readTaskHubName } from './host/app-config';
import { describeTopologySource } from './host/topology-source';
import { startDevIssuer } from './dev/token-issuer';
import { devTokensExtension } from './dev/dev-tokens-extension';
import type { TriggerExtension } from './host/host-api';

export const usage = `Usage: node dist/local/cli.js [options]   (in this repository: npm start -- [options])

Runs the Azure Functions app in the current folder (host.json, package.json "main") on the local
runtime, as func start would: no cloud, no Docker, only Node.

Options:
  --port N             HTTP port (default 7071, as func start)
  --speed N            run the clock N times as fast as real time (default 1)
  --start-at TIME      start the clock at a local time, e.g. 2026-12-01T06:55, in --time-zone
  --time-zone ZONE     IANA zone --start-at is read in (default: app setting WEBSITE_TIME_ZONE,
                       else TZ, else UTC)
  --clock manual       freeze the clock; step it with POST /admin/clock/advance
  --state DIR          where state is kept (default .bakery/state)
  --in-memory          keep no state on disk
  --fresh              start from empty: delete the saved state first
  --topology FILE      Service Bus topology JSON (default: the file package.json
                       "localRuntime.topology" names, else derived from the app's Service Bus
                       triggers: each topic and subscription, no filters)
  --dev-tokens         serve a development token issuer: POST /admin/dev/token mints bearer
                       tokens, and the app's AUTH_JWKS_URL setting names its keys (unless set)
  --quiet              only warnings and errors
  --help               this text
`;

function fail(message: string): never {
  process.stderr.write(`local runtime: ${message}\n\nRun with --help for the options.\n`);
  process.exit(2);
}

/** What a launcher adds before the runtime starts (settings the app reads at load, extensions). */
export type Prepare = (context: {
  port: number;
  stateDir?: string;
  env: Readonly<Record<string, string | undefined>>;
}) => Promise<{ settings: Record<string, string>; extensions: TriggerExtension[]; banner?: string[] }>;

export async function main(args: string[], prepare?: Prepare): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        speed: { type: 'string' },
        'start-at': { type: 'string' },
        'time-zone': { type: 'string' },
        clock: { type: 'string' },
        state: { type: 'string' },
        'in-memory': { type: 'boolean' },
        fresh: { type: 'boolean' },
        quiet: { type: 'boolean' },
        topology: { type: 'string' },
        'dev-tokens': { type: 'boolean' },
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
  let appSettings: Record<string, string | undefined>;
  try {
    appSettings = { ...readLocalSettings(appRoot), ...process.env };
  } catch (error) {
    fail((error as Error).message);
  }
  const zone = values['time-zone'] || appSettings.WEBSITE_TIME_ZONE || appSettings.TZ || 'UTC';
  if (!isTimeZone(zone)) fail(`--time-zone: "${zone}" is not an IANA time zone like Europe/Paris`);
  let startAt: number | undefined;
  if (values['start-at'] !== undefined) {
    try {
      startAt = parseZonedTime(values['start-at'], zone);
    } catch (error) {
      fail(`--start-at: ${(error as Error).message}`);
    }
  }
  const stateDir = values['in-memory'] ? undefined : path.resolve(appRoot, values.state ?? '.bakery/state');

  let hubName: string;
  try {
    hubName = readTaskHubName(appRoot, appSettings);
  } catch (error) {
    fail((error as Error).message);
  }
  const devIssuer =
    values['dev-tokens'] && !appSettings.AUTH_JWKS_URL
      ? await startDevIssuer({ issuer: appSettings.AUTH_ISSUER, audience: appSettings.AUTH_AUDIENCE })
      : undefined;

  let prepared: Awaited<ReturnType<Prepare>> | undefined;
  let listenPort = port;
  if (prepare) {
    try {
      // The app must know its own address before it loads: --port 0 picks a free port first.
      if (listenPort === 0) listenPort = await freePort();
      prepared = await prepare({ port: listenPort, stateDir, env: appSettings });
    } catch (error) {
      await devIssuer?.close();
      fail((error as Error).message);
    }
  }

  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      appRoot,
      port: listenPort,
      stateDir,
      fresh: values.fresh,
      clock: { mode: values.clock === 'manual' ? 'manual' : 'real', speed, startAt },
      extensions: [
        ...localExtensions(appRoot),
        ...(devIssuer ? [devTokensExtension(devIssuer)] : []),
        ...(prepared?.extensions ?? []),
      ],
      settings: { ...(devIssuer ? { AUTH_JWKS_URL: devIssuer.jwksUrl } : {}), ...prepared?.settings },
      topology: values.topology,
      logLevel: values.quiet ? 'warn' : 'info',
    });
  } catch (error) {
    await devIssuer?.close();
    for (const extension of prepared?.extensions ?? []) await extension.stop();
    fail((error as Error).message);
  }
  printBanner(runtime, { hubName, zone, devTokens: devIssuer !== undefined });
  if (prepared?.banner) process.stdout.write(`${prepared.banner.join('\n')}\n`);

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function printBanner(runtime: Runtime, facts: { hubName: string; zone: string; devTokens: boolean }): void {
  const lines = [
    `${runtime.appName}: Azure Functions app on the local runtime, listening on ${runtime.baseUrl}`,
    '',
    'Functions:',
  ];
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
  lines.push(
    '',
    `Service Bus topology: ${describeTopologySource(runtime.topologySource)}`,
    `Durable task hub: ${facts.hubName}`,
    `Live updates: WebSocket hub at ${runtime.baseUrl.replace(/^http/, 'ws')}/client/hubs/<hub> (the app hands out URLs with tokens)`,
  );
  if (facts.devTokens) {
    lines.push(
      `Development tokens: curl -X POST ${runtime.baseUrl}/admin/dev/token -d '{"sub":"alex","roles":["reader"]}'`,
    );
  }
  lines.push(
    `State: ${runtime.stateLocation}`,
    `Clock: ${String(clock.now)} (${String(clock.mode)}, speed ${String(clock.speed)}; --start-at in ${facts.zone})`,
    'Press Ctrl-C to stop.',
    '',
  );
  process.stdout.write(lines.join('\n'));
}

if (require.main === module) void main(process.argv.slice(2));
