import * as path from 'node:path';
import type { Runtime, RuntimeOptions } from '../../local/runtime';
import { repoRoot } from './runtime-harness';
import { startDevIssuer, type TestIssuer } from '../../local/dev/token-issuer';
import { catalog } from '../../shared/events/catalog';
import { deriveTopology } from '../../shared/events/topology';

/** The default bakery's first day in these tests: 2026-12-01, Sydney (UTC+11). Opens 07:00 local. */
export const DAY = '2026-12-01';
export const OPENING = Date.parse('2026-11-30T20:00:00Z');
export const CLOSING = Date.parse('2026-12-01T06:00:00Z');
export const MINUTE = 60_000;

export interface Bakery {
  runtime: Runtime;
  issuer: TestIssuer;
  staffToken(): Promise<string>;
  customerToken(sub?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real app (functions/index.ts with every service and the Durable extension) in this
 * jest process, on a manual clock, with a test token issuer and the Service Bus topology derived
 * from the event catalog (unless `topology` says otherwise). Each call loads a fresh module graph.
 */
export async function startBakery(
  options: {
    startAt?: number;
    settings?: Record<string, string>;
    stateDir?: string;
  } & Partial<RuntimeOptions> = {},
): Promise<Bakery> {
  const issuer = await startDevIssuer();
  jest.resetModules();

  const { startRuntime } = require('../../local/runtime') as typeof import('../../local/runtime');

  const { localExtensions } = require('../../local/extensions') as typeof import('../../local/extensions');
  const { settings, startAt, ...rest } = options;
  const runtime = await startRuntime({
    appRoot: repoRoot,
    entry: path.join(repoRoot, 'functions/index.ts'),
    port: 0,
    logLevel: 'silent',
    clock: { mode: 'manual', startAt: startAt ?? OPENING - 30 * MINUTE },
    extensions: localExtensions(repoRoot),
    topology: deriveTopology(catalog),
    settings: {
      AUTH_JWKS_URL: issuer.jwksUrl,
      BAKERY_CONFIG: path.join(repoRoot, 'bakery.config.json'),
      ...settings,
    },
    ...rest,
  });
  return {
    runtime,
    issuer,
    staffToken: () => issuer.token({ sub: 'staff-1', name: 'Sam Staff', roles: ['staff'] }),
    // Tokens live on the real clock, as the verifier checks them (design section 7, two clocks).
    customerToken: (sub = 'customer-1') => issuer.token({ sub, name: sub }),
    stop: async () => {
      await runtime.stop();
      await issuer.close();
    },
  };
}
