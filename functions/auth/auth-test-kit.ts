import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from '../../local/runtime';
import type { LocalIdentityProvider } from '../../local/identity/provider';
import { repoRoot } from '../../test/support/runtime-harness';
import { realClock } from '../../shared/clock';
import { catalog } from '../../shared/events/catalog';
import { deriveTopology } from '../../shared/events/topology';

/** The bakery with the local identity provider and the real auth service, as `npm start` runs them. */
export interface SignInBakery {
  runtime: Runtime;
  idp: LocalIdentityProvider;
  baseUrl: string;
  /** The auth service's key file (to mint tokens the verifier must still refuse: wrong iss, expired). */
  signingKeyFile: string;
  browser(): Browser;
  stop(): Promise<void>;
}

/** `settings` are added to the app's (e.g. `BAKERY_SERVICES: 'auth,bank,users'`; default every service). */
export async function startSignInBakery(
  options: { settings?: Record<string, string> } = {},
): Promise<SignInBakery> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-auth-'));
  jest.resetModules();
  const { startLocalIdentityProvider } =
    require('../../local/identity/provider') as typeof import('../../local/identity/provider');
  const { startRuntime } = require('../../local/runtime') as typeof import('../../local/runtime');
  const { localExtensions } = require('../../local/extensions') as typeof import('../../local/extensions');
  const idp = await startLocalIdentityProvider({ stateDir, redirectUri: `${baseUrl}/api/auth/callback` });
  const signingKeyFile = path.join(stateDir, 'auth', 'signing-key.json');
  const runtime = await startRuntime({
    appRoot: repoRoot,
    entry: path.join(repoRoot, 'functions/index.ts'),
    port,
    logLevel: 'silent',
    clock: { mode: 'manual', startAt: Date.parse('2026-11-30T19:30:00Z') },
    extensions: localExtensions(),
    topology: deriveTopology(catalog),
    settings: {
      ...idp.appSettings,
      AUTH_JWKS_URL: `${baseUrl}/api/auth/jwks`,
      AUTH_SIGNING_KEY_FILE: signingKeyFile,
      BAKERY_CONFIG: path.join(repoRoot, 'bakery.config.json'),
      ...options.settings,
    },
  });
  const ca = fs.readFileSync(idp.caFile, 'utf8');
  return {
    runtime,
    idp,
    baseUrl,
    signingKeyFile,
    browser: () => new Browser(baseUrl, ca),
    stop: async () => {
      await runtime.stop();
      await idp.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  url: string;
}

/**
 * A browser reduced to what sign-in needs: a cookie jar (replacing cookies by name, honouring Path and
 * Max-Age), redirects followed by hand, the provider's certificate trusted. Nothing else is shared
 * with the app: every step goes through HTTP.
 */
export class Browser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  constructor(
    readonly baseUrl: string,
    private readonly ca: string,
  ) {}

  cookie(name: string): string | undefined {
    return [...this.jar.entries()].find(([key]) => key.endsWith(`|${name}`))?.[1].value;
  }

  setCookie(host: string, name: string, value: string, cookiePath = '/api/auth'): void {
    this.jar.set(`${host}|${name}`, { value, path: cookiePath });
  }

  async request(
    method: string,
    url: string,
    options: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Reply> {
    const target = new URL(url);
    const cookies = [...this.jar.entries()]
      .filter(([key, c]) => key.startsWith(`${target.host}|`) && target.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split('|')[1]}=${c.value}`);
    const headers: Record<string, string> = { ...options.headers };
    if (cookies.length) headers.cookie = cookies.join('; ');
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const reply = await new Promise<Reply>((resolve, reject) => {
      const send = target.protocol === 'https:' ? https.request : http.request;
      const req = send(target, { method, headers, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            url,
          }),
        );
      });
      req.on('error', reject);
      if (options.body !== undefined) req.write(options.body);
      req.end();
    });
    for (const line of reply.headers['set-cookie'] ?? []) this.store(target, line);
    return reply;
  }

  /** Follows redirects until an answer that is not one, or one to a path of the app (returnTo). */
  async follow(reply: Reply, max = 10): Promise<Reply> {
    let current = reply;
    for (let i = 0; i < max && [301, 302, 303].includes(current.status); i++) {
      const location = String(current.headers.location);
      if (location.startsWith('/') && current.url.startsWith(this.baseUrl) && !location.startsWith('/api/'))
        return current;
      current = await this.request('GET', new URL(location, current.url).toString());
    }
    return current;
  }

  /** From GET /api/auth/login to the provider's form (HTML), posted with `username` and `password`. */
  async signIn(username: string, password: string, returnTo = '/'): Promise<Reply> {
    const form = await this.openLoginForm(returnTo);
    return this.submit(form, username, password);
  }

  async openLoginForm(returnTo = '/'): Promise<Reply> {
    const start = await this.request(
      'GET',
      `${this.baseUrl}/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
    );
    if (start.status !== 302) throw new Error(`login answered ${start.status}: ${start.body}`);
    const page = await this.follow(start);
    if (page.status !== 200 || !page.body.includes('<form'))
      throw new Error(`no sign-in form: ${page.status} ${page.body}`);
    return page;
  }

  async submit(form: Reply, username: string, password: string): Promise<Reply> {
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)?.[1];
    if (!action) throw new Error('the page has no form action');
    const posted = await this.request('POST', new URL(action.replace(/&#47;/g, '/'), form.url).toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
    return this.follow(posted);
  }

  /** `origin: null` sends no Origin header. */
  token(origin: string | null = this.baseUrl): Promise<Reply> {
    return this.request('POST', `${this.baseUrl}/api/auth/token`, { headers: origin ? { origin } : {} });
  }

  logout(origin: string | null = this.baseUrl): Promise<Reply> {
    return this.request('POST', `${this.baseUrl}/api/auth/logout`, { headers: origin ? { origin } : {} });
  }

  private store(target: URL, line: string): void {
    const [pair, ...attributes] = line.split(';').map((p) => p.trim());
    const index = pair.indexOf('=');
    const name = pair.slice(0, index);
    const value = pair.slice(index + 1);
    let cookiePath = '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, v = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') cookiePath = v;
      if (key.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(v) <= realClock.now()) expired = true;
    }
    const key = `${target.host}|${name}`;
    if (expired || value === '') this.jar.delete(key);
    else this.jar.set(key, { value, path: cookiePath });
  }
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
