import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from '../../local/runtime';
import type { LocalIdentityProvider } from '../../local/identity/provider';
import { repoRoot } from '../support/runtime-harness';
import { catalog } from '../../shared/events/catalog';
import { deriveTopology } from '../../shared/events/topology';

/** The built web app (npm run build). */
export const WEB_ROOT = path.join(repoRoot, 'dist', 'web');

export interface WebBakery {
  runtime: Runtime;
  idp: LocalIdentityProvider;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The bakery as `npm start` runs it — real app, local identity provider, the built web app at `/` —
 * in this jest process on a manual clock (the test moves bakery time; the page's own timers run).
 */
export async function startWebBakery(options: { startAt: number }): Promise<WebBakery> {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html')))
    throw new Error(`${WEB_ROOT}/index.html is missing: run npm run build first (npm run test:e2e does)`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-web-'));
  jest.resetModules();
  const { startLocalIdentityProvider } =
    require('../../local/identity/provider') as typeof import('../../local/identity/provider');
  const { startRuntime } = require('../../local/runtime') as typeof import('../../local/runtime');
  const { localExtensions } = require('../../local/extensions') as typeof import('../../local/extensions');
  const { staticSiteExtension } =
    require('../../local/host/static-site') as typeof import('../../local/host/static-site');
  const idp = await startLocalIdentityProvider({ stateDir, redirectUri: `${baseUrl}/api/auth/callback` });
  const runtime = await startRuntime({
    appRoot: repoRoot,
    entry: path.join(repoRoot, 'functions/index.ts'),
    port,
    logLevel: 'silent',
    clock: { mode: 'manual', startAt: options.startAt },
    extensions: [...localExtensions(repoRoot), staticSiteExtension({ root: WEB_ROOT })],
    topology: deriveTopology(catalog),
    settings: {
      ...idp.appSettings,
      AUTH_JWKS_URL: `${baseUrl}/api/auth/jwks`,
      AUTH_SIGNING_KEY_FILE: path.join(stateDir, 'auth', 'signing-key.json'),
      BAKERY_CONFIG: path.join(repoRoot, 'bakery.config.json'),
    },
  });
  return {
    runtime,
    idp,
    baseUrl,
    stop: async () => {
      await runtime.stop();
      await idp.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
