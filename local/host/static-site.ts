import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostRequest, HostResponse, HostRouteHandler, TriggerExtension } from './host-api';

/**
 * A built single-page app served at `/` by the local runtime, as Azure Static Web Apps serves it in
 * Azure: files from `root`; a path with no file and no extension gets `index.html` (the app routes it
 * itself); the route prefix (`/api`) and the host's `/admin`, `/runtime` never reach it (see
 * HttpServer.setFallback). Hashed build output under `assets/` is cached for a year (immutable);
 * everything else is revalidated (ETag) so a new build shows at once.
 */
export interface StaticSiteOptions {
  /** The folder with index.html (e.g. dist/web). It may not exist yet: every request looks again. */
  root: string;
  /** Folder (relative to root) whose files carry a content hash in their names. Default `assets`. */
  hashedFolder?: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The site's Content-Security-Policy: scripts and styles from the site only; the API and its
 * WebSocket on this origin, or also on `apiOrigin` when the site calls an API elsewhere (Azure).
 */
export function contentSecurityPolicy(apiOrigin?: string): string {
  const api = apiOrigin ? ` ${apiOrigin} ${apiOrigin.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // uPlot and the app set style attributes (sizes, positions); no inline <style> elements are needed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws: wss:${api}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The policy the local runtime sends: the API is on the same origin. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** How long a hashed asset may be cached, and how everything else is (revalidated every time). */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function staticSiteHandler(options: StaticSiteOptions): HostRouteHandler {
  const root = path.resolve(options.root);
  const hashed = options.hashedFolder ?? 'assets';
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return {
        status: 405,
        headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
        body: 'Method Not Allowed\n',
      };
    const relative = safeRelative(request.path);
    if (relative === undefined) return text(400, 'Bad Request\n');
    let file = relative === '' ? 'index.html' : relative;
    let found = await readFileIfAny(path.join(root, file));
    let spa = false;
    if (!found && path.extname(file) === '') {
      // A route of the app (e.g. /orders/123): the app's page, which reads the path itself.
      file = 'index.html';
      found = await readFileIfAny(path.join(root, file));
      spa = true;
    }
    if (!found) {
      if (file === 'index.html')
        return text(404, 'The web app is not built: run `npm run build` (it writes dist/web).\n');
      return text(404, 'Not Found\n');
    }
    const etag = `"${createHash('sha1').update(found).digest('base64url').slice(0, 22)}"`;
    const immutable = !spa && file.startsWith(`${hashed}/`);
    const headers: Record<string, string> = {
      'content-type': contentTypeOf(file),
      'cache-control': immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
      etag,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    };
    if (file.endsWith('.html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    if (request.headers['if-none-match'] === etag) return { status: 304, headers };
    return { status: 200, headers, body: request.method === 'HEAD' ? undefined : found };
  };
}

/** The local runtime's extension that serves the site (no triggers of its own). */
export function staticSiteExtension(options: StaticSiteOptions): TriggerExtension {
  return {
    name: 'static-site',
    triggerTypes: [],
    start: async (host) => host.fallback(staticSiteHandler(options)),
    stop: async () => undefined,
    describe: () => ({ root: path.resolve(options.root) }),
  };
}

/** The request path as a path inside the site, or undefined when it tries to leave it. */
function safeRelative(requestPath: HostRequest['path']): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return undefined;
  return parts.join('/');
}

async function readFileIfAny(file: string): Promise<Buffer | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) return undefined;
    return await fs.promises.readFile(file);
  } catch {
    return undefined;
  }
}

function text(status: number, body: string): HostResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}
