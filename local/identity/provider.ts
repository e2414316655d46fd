import * as fs from 'node:fs';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Configuration, KoaContextWithOIDC, default as ProviderClass } from 'oidc-provider' with {
  'resolution-mode': 'import',
};
import { assertNever } from '../../shared/assert-never';
import { systemClock, type Clock } from '../../shared/clock';
import { AccountBook } from './accounts';
import { ADDRESS_LIMITS, FailureLimiter, USERNAME_LIMITS } from '../../shared/auth/failure-limiter';
import { loginPage, messagePage } from './login-page';
import { loadOrCreateProviderKeys } from './provider-keys';
import { loadOrCreateCertificate } from './tls';

export const LOCAL_CLIENT_ID = 'bakery-local';
export const DEFAULT_LOCAL_STAFF = ['manager'];

export interface LocalIdentityOptions {
  /** The state folder; its identity/ keeps accounts, keys and the certificate. Absent: a temp folder. */
  stateDir?: string;
  /** HTTPS port; 0 (default) picks a free one. */
  port?: number;
  /** The bakery's callback, e.g. http://127.0.0.1:7071/api/auth/callback (the client's only redirect URI). */
  redirectUri: string;
  /** Usernames whose ID token carries roles: ["staff"] (AUTH_LOCAL_STAFF). */
  staff?: readonly string[];
  /** The real clock (failed-sign-in windows); tests may pass their own. */
  clock?: Clock;
}

export interface LocalIdentityProvider {
  /** https://127.0.0.1:PORT — the OpenID Connect issuer and MSAL's authority. */
  readonly issuer: string;
  /** The bakery app's settings that make its auth service sign in here through MSAL. */
  readonly appSettings: Record<string, string>;
  /** The certificate's PEM file, for clients that must trust this provider. */
  readonly caFile: string;
  close(): Promise<void>;
}

/** `AUTH_LOCAL_STAFF=manager,sam` → ['manager', 'sam']; unset → ['manager']. */
export function parseStaff(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return DEFAULT_LOCAL_STAFF;
  return value
    .split(',')
    .map((name) => AccountBook.normalise(name))
    .filter((name) => name !== '');
}

/**
 * A real OpenID Connect provider (oidc-provider 9) for the local runtime, over HTTPS with a
 * certificate it makes on first start. Its sign-in page is a plain form: a new username signs up,
 * an existing one must match (scrypt hashes in identity/accounts.json). The bakery is its one
 * client, first-party, so consent is granted without a form. Wrong passwords are limited per
 * username and per client address on the real clock (429 with Retry-After).
 */
export async function startLocalIdentityProvider(
  options: LocalIdentityOptions,
): Promise<LocalIdentityProvider> {
  const clock = options.clock ?? systemClock;
  const temporary = options.stateDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-identity-'));
  const dir = options.stateDir ? path.join(options.stateDir, 'identity') : temporary!;
  const certificate = await loadOrCreateCertificate(dir, new Date(clock.now()));
  const keys = loadOrCreateProviderKeys(dir);
  const accounts = new AccountBook(options.stateDir ? path.join(dir, 'accounts.json') : undefined);
  const staff = new Set(options.staff ?? DEFAULT_LOCAL_STAFF);
  const byUsername = new FailureLimiter(USERNAME_LIMITS, clock);
  const byAddress = new FailureLimiter(ADDRESS_LIMITS, clock);

  let handleOidc: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  // Set once the issuer (the port) is known; the server answers 503 until then.
  const started: { provider?: ProviderClass } = {};
  const server = https.createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (started.provider && url.pathname.startsWith('/interaction/')) {
      interaction(started.provider, req, res, url.pathname).catch((error: unknown) => {
        if (!res.headersSent) send(res, 400, messagePage('Sign-in failed', describe(error)));
      });
      return;
    }
    handleOidc(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { default: Provider } = await import('oidc-provider');
  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        client_secret: keys.clientSecret,
        client_name: 'The bakery',
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        // MSAL Node sends the secret in the token request's body.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    cookies: { keys: keys.cookieKeys },
    jwks: { keys: [keys.signingKey] },
    async findAccount(_ctx, id) {
      if (!accounts.has(id)) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: id, preferred_username: id, roles: staff.has(id) ? ['staff'] : [] }),
      };
    },
    // roles in the ID token, as Entra puts app roles there (the same mapping code reads both).
    claims: { openid: ['sub', 'roles'], profile: ['name', 'preferred_username'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: {
      Interaction: 600,
      Session: 14 * 86_400,
      Grant: 14 * 86_400,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    // First-party client: the grant is made without a consent form (oidc-provider's documented way).
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) {
        const grant = await ctx.oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].filter((s) => s !== 'offline_access'));
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = messagePage(
        'Sign-in failed',
        `${String(out.error)}: ${String(out.error_description ?? '')}`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  started.provider = provider;
  const oidcCallback = provider.callback();
  handleOidc = (req, res) => void oidcCallback(req, res);

  async function interaction(
    oidc: ProviderClass,
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ) {
    const details = await oidc.interactionDetails(req, res);
    const action = `/interaction/${details.uid}`;
    const clientName = 'the bakery';
    if (details.prompt.name !== 'login') {
      // Consent is granted by loadExistingGrant; anything else has no page here.
      await oidc.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
      return;
    }
    if (req.method === 'GET' && pathname === action) {
      send(res, 200, loginPage({ action, clientName }));
      return;
    }
    if (req.method !== 'POST' || pathname !== action) {
      send(res, 405, messagePage('Not allowed', 'Use the sign-in form.'));
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const username = AccountBook.normalise(form.get('username') ?? '');
    const password = form.get('password') ?? '';
    const address = req.socket.remoteAddress ?? 'unknown';
    const limited = () =>
      Math.max(byUsername.retryAfterSeconds(username), byAddress.retryAfterSeconds(address));
    const wait = limited();
    if (wait > 0) return tooMany(res, wait);
    const result = await accounts.signIn(username, password, new Date(clock.now()));
    switch (result.outcome) {
      case 'signed-in':
      case 'signed-up':
        await oidc.interactionFinished(req, res, { login: { accountId: result.username } });
        return;
      case 'wrong-password': {
        byUsername.recordFailure(username);
        byAddress.recordFailure(address);
        const after = limited();
        if (after > 0) return tooMany(res, after);
        send(res, 401, loginPage({ action, clientName, username, message: 'Wrong username or password.' }));
        return;
      }
      case 'invalid':
        send(res, 400, loginPage({ action, clientName, username, message: result.reason }));
        return;
      default:
        return assertNever(result, 'unhandled sign-in outcome');
    }
  }

  const discovery = await fetchJson(`${issuer}/.well-known/openid-configuration`, certificate.cert);
  return {
    issuer,
    caFile: certificate.certFile,
    appSettings: {
      AUTH_AUTHORITY: `${issuer}/`,
      AUTH_PROTOCOL_MODE: 'OIDC',
      // MSAL would fetch <authority>/v2.0/.well-known/openid-configuration even in OIDC mode.
      AUTH_AUTHORITY_METADATA: JSON.stringify(discovery),
      AUTH_CLIENT_ID: LOCAL_CLIENT_ID,
      AUTH_CLIENT_SECRET: keys.clientSecret,
      AUTH_CA_FILE: certificate.certFile,
      AUTH_REDIRECT_URI: options.redirectUri,
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
    },
  };
}

function tooMany(res: ServerResponse, seconds: number): void {
  send(res, 429, messagePage('Too many attempts', `Too many failed sign-ins: try again in ${seconds} s.`), {
    'retry-after': String(seconds),
  });
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(html);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 16_384) reject(new Error('The form is too large.'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function fetchJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      })
      .on('error', reject);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
