/**
 * `npm run build`'s second step: the storefront and bakery floor (web/) built by Vite into dist/web
 * (git-ignored), which `npm start` serves at `/` and Azure Static Web Apps serves in Azure. The
 * Function Apps' remote build gets no web/ (.funcignore): there this step says so and does nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentSecurityPolicy, IMMUTABLE_CACHE, REVALIDATE_CACHE } from '../local/host/static-site';

export const WEB_ROOT = 'web';
export const WEB_OUT = path.join('dist', 'web');

async function buildWeb(appRoot: string): Promise<void> {
  const root = path.join(appRoot, WEB_ROOT);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    process.stdout.write('build-web: no web/index.html here (a Function App upload): skipped\n');
    return;
  }
  const { name, timeZone } = bakeryFacts(appRoot);
  const apiOrigin = apiOriginSetting(process.env.BAKERY_API_ORIGIN);
  // Vite ships as an ES module only: loaded at run time from this CommonJS script.
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    base: '/',
    logLevel: 'warn',
    publicDir: path.join(root, 'public'),
    define: {
      __BAKERY_NAME__: JSON.stringify(name),
      __BAKERY_TIME_ZONE__: JSON.stringify(timeZone),
      __BAKERY_API_ORIGIN__: JSON.stringify(apiOrigin ?? ''),
    },
    plugins: [
      {
        name: 'bakery-name',
        transformIndexHtml: (html: string) => html.replace(/%BAKERY_NAME%/g, escapeHtml(name)),
      },
    ],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: path.join(appRoot, WEB_OUT),
      emptyOutDir: true,
      assetsDir: 'assets',
      target: 'es2022',
      sourcemap: true,
      // One small app: a chunk warning only if it grows past what a phone should load at once.
      chunkSizeWarningLimit: 200,
    },
  });
  fs.writeFileSync(
    path.join(appRoot, WEB_OUT, 'staticwebapp.config.json'),
    `${JSON.stringify(staticWebAppConfig(apiOrigin), null, 2)}\n`,
  );
  process.stdout.write(`build-web: web/ built into ${WEB_OUT} (API ${apiOrigin ?? 'on the same origin'})\n`);
}

/**
 * Azure Static Web Apps' configuration for the built site, the same rules the local runtime applies
 * (local/host/static-site.ts): unknown paths fall back to index.html, hashed assets are immutable,
 * the same security headers.
 */
export function staticWebAppConfig(apiOrigin: string | undefined): Record<string, unknown> {
  return {
    navigationFallback: {
      rewrite: '/index.html',
      exclude: ['/assets/*', '/*.{svg,png,ico,txt,json}', '/api/*'],
    },
    routes: [
      { route: '/assets/*', headers: { 'cache-control': IMMUTABLE_CACHE } },
      { route: '/index.html', headers: { 'cache-control': REVALIDATE_CACHE } },
    ],
    globalHeaders: {
      'content-security-policy': contentSecurityPolicy(apiOrigin),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    },
  };
}

/**
 * BAKERY_API_ORIGIN: where the page finds /api when it is not on the page's own origin (Azure: the
 * single public origin in front of the Function Apps). Empty or absent: the same origin (npm start).
 */
export function apiOriginSetting(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
    throw new Error(`BAKERY_API_ORIGIN must be an https origin, got ${value}`);
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error(`BAKERY_API_ORIGIN must be an origin only (no path), got ${value}`);
  return url.origin;
}

/**
 * The bakery's name and time zone (its clock times are shown in the bakery's zone wherever the
 * customer is), from its configuration: BAKERY_CONFIG, else bakery.config.json; BAKERY_TIME_ZONE
 * wins for the zone, as for the app.
 */
function bakeryFacts(appRoot: string): { name: string; timeZone: string } {
  const file = path.resolve(appRoot, process.env.BAKERY_CONFIG || 'bakery.config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; timeZone?: unknown };
  const name = typeof config.name === 'string' && config.name !== '' ? config.name : 'The bakery';
  const timeZone =
    process.env.BAKERY_TIME_ZONE || (typeof config.timeZone === 'string' ? config.timeZone : 'UTC');
  return { name, timeZone };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

if (require.main === module)
  buildWeb(process.cwd()).catch((error: unknown) => {
    process.stderr.write(
      `build-web failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
