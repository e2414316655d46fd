import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '@azure/functions';
import type { CryptoKey, JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import { BakeryError } from '../errors';
import { handle } from '../http/handle';
import type { Clock } from '../clock';
import {
  createTokenVerifier,
  JWKS_RETRY_AFTER_SECONDS,
  requireRole,
  type TokenVerifierOptions,
} from './verify-token';

const jose = () => import('jose');
type Keys = { privateKey: CryptoKey; jwks: JSONWebKeySet };

const ISSUER = 'https://auth.bakery.test';
const AUDIENCE = 'bakery-api';
const NOW = Date.parse('2025-06-01T09:00:00.000Z');
const seconds = (ms: number) => Math.floor(ms / 1000);

async function issuerKeys(kid = 'key-1'): Promise<Keys> {
  const { generateKeyPair, exportJWK } = await jose();
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] } };
}

interface TokenSpec {
  claims?: Record<string, unknown>;
  iss?: string;
  aud?: string;
  sub?: string | null;
  exp?: number | null;
  nbf?: number;
  kid?: string;
}

async function mint(privateKey: CryptoKey, spec: TokenSpec = {}): Promise<string> {
  const { SignJWT } = await jose();
  const jwt = new SignJWT({ name: 'Ada', roles: ['customer'], ...spec.claims })
    .setProtectedHeader({ alg: 'ES256', kid: spec.kid ?? 'key-1' })
    .setIssuer(spec.iss ?? ISSUER)
    .setAudience(spec.aud ?? AUDIENCE)
    .setIssuedAt(seconds(NOW));
  if (spec.sub !== null) jwt.setSubject(spec.sub ?? 'user-1');
  if (spec.exp !== null) jwt.setExpirationTime(spec.exp ?? seconds(NOW) + 300);
  if (spec.nbf !== undefined) jwt.setNotBefore(spec.nbf);
  return jwt.sign(privateKey);
}

let keys: Keys;
let clockAt = NOW;
const clock: Clock = { now: () => clockAt };
const verifier = (overrides: Partial<TokenVerifierOptions> = {}) =>
  createTokenVerifier({ jwks: keys.jwks, issuer: ISSUER, audience: AUDIENCE, clock, ...overrides });

async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BakeryError)) throw new Error(`expected a BakeryError, got ${String(error)}`);
  return { status: error.status, code: error.code, message: error.message };
}
const unauthorized = (message: string) => ({ status: 401, code: 'BAKERY_UNAUTHORIZED', message });

beforeAll(async () => {
  keys = await issuerKeys();
});
beforeEach(() => {
  clockAt = NOW;
});

describe('verify', () => {
  it('returns the principal of a valid token', async () => {
    const token = await mint(keys.privateKey, { claims: { roles: ['customer', 'staff'] } });
    await expect(verifier().verify(`Bearer ${token}`)).resolves.toEqual({
      userId: 'user-1',
      name: 'Ada',
      roles: ['customer', 'staff'],
    });
  });

  it('falls back to preferred_username, then the subject, for the name; no roles claim means none', async () => {
    const named = await mint(keys.privateKey, {
      claims: { name: undefined, roles: undefined, preferred_username: 'ada@bakery' },
    });
    await expect(verifier().verify(`bearer ${named}`)).resolves.toEqual({
      userId: 'user-1',
      name: 'ada@bakery',
      roles: [],
    });
    const anonymous = await mint(keys.privateKey, { claims: { name: undefined } });
    await expect(verifier().verify(`Bearer ${anonymous}`)).resolves.toMatchObject({ name: 'user-1' });
  });

  it('reads the header of an Azure Functions request', async () => {
    const request = new HttpRequest({
      method: 'GET',
      url: 'http://localhost/api/users/me',
      headers: { authorization: `Bearer ${await mint(keys.privateKey)}` },
    });
    await expect(verifier().verifyRequest(request)).resolves.toMatchObject({ userId: 'user-1' });
    await expect(
      refusal(verifier().verifyRequest(new HttpRequest({ method: 'GET', url: 'http://localhost/' }))),
    ).resolves.toEqual(unauthorized('The request has no Authorization header.'));
  });

  it.each([
    [undefined, 'The request has no Authorization header.'],
    ['', 'The request has no Authorization header.'],
    ['Basic dXNlcjpwYXNz', 'The Authorization header must use the Bearer scheme.'],
    ['Bearer', 'The bearer token is malformed.'],
    ['Bearer two tokens', 'The bearer token is malformed.'],
    ['Bearer not-a-jwt', 'The bearer token is malformed.'],
    ['Bearer a.b.c', 'The bearer token is malformed.'],
  ])('refuses the header %p', async (header, message) => {
    await expect(refusal(verifier().verify(header))).resolves.toEqual(unauthorized(message));
  });

  it('refuses a token signed by another key, even under a known key id', async () => {
    const impostor = await issuerKeys('key-1');
    await expect(refusal(verifier().verify(`Bearer ${await mint(impostor.privateKey)}`))).resolves.toEqual(
      unauthorized('The access token signature is not valid.'),
    );
    const unknownKid = await mint(keys.privateKey, { kid: 'key-9' });
    await expect(refusal(verifier().verify(`Bearer ${unknownKid}`))).resolves.toEqual(
      unauthorized('The access token signature is not valid.'),
    );
  });

  it('refuses a token whose payload was tampered with', async () => {
    const [header, , signature] = (await mint(keys.privateKey)).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        sub: 'user-2',
        iss: ISSUER,
        aud: AUDIENCE,
        exp: seconds(NOW) + 300,
        roles: ['staff'],
      }),
    ).toString('base64url');
    await expect(refusal(verifier().verify(`Bearer ${header}.${forged}.${signature}`))).resolves.toEqual(
      unauthorized('The access token signature is not valid.'),
    );
  });

  it('refuses a token from another issuer or for another audience', async () => {
    await expect(
      refusal(verifier().verify(`Bearer ${await mint(keys.privateKey, { iss: 'https://evil.test' })}`)),
    ).resolves.toEqual(unauthorized('The access token comes from another issuer.'));
    await expect(
      refusal(verifier().verify(`Bearer ${await mint(keys.privateKey, { aud: 'graph' })}`)),
    ).resolves.toEqual(unauthorized('The access token is not meant for the bakery API.'));
  });

  it('judges expiry by the injected clock, with a small tolerance', async () => {
    const token = `Bearer ${await mint(keys.privateKey, { exp: seconds(NOW) + 60 })}`;
    clockAt = NOW + 64_000;
    await expect(verifier().verify(token)).resolves.toMatchObject({ userId: 'user-1' });
    clockAt = NOW + 66_000;
    await expect(refusal(verifier().verify(token))).resolves.toEqual(
      unauthorized('The access token has expired.'),
    );
    await expect(verifier({ clockToleranceSeconds: 10 }).verify(token)).resolves.toMatchObject({
      userId: 'user-1',
    });
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await mint(keys.privateKey, { nbf: seconds(NOW) + 600 });
    await expect(refusal(verifier().verify(`Bearer ${token}`))).resolves.toEqual(
      unauthorized('The access token is not valid yet.'),
    );
  });

  it('refuses a token that never expires or names no subject', async () => {
    await expect(
      refusal(verifier().verify(`Bearer ${await mint(keys.privateKey, { exp: null })}`)),
    ).resolves.toEqual(unauthorized('The access token has no "exp" claim.'));
    await expect(
      refusal(verifier().verify(`Bearer ${await mint(keys.privateKey, { sub: null })}`)),
    ).resolves.toEqual(unauthorized('The access token has no "sub" claim.'));
  });

  it('refuses roles that are not a list of names', async () => {
    const token = await mint(keys.privateKey, { claims: { roles: 'staff' } });
    await expect(refusal(verifier().verify(`Bearer ${token}`))).resolves.toEqual(
      unauthorized('The access token\'s "roles" claim is not a list of names.'),
    );
  });

  it('refuses symmetric and unsigned tokens', async () => {
    const { SignJWT, UnsecuredJWT } = await jose();
    const hmac = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .setExpirationTime(seconds(NOW) + 60)
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(refusal(verifier().verify(`Bearer ${hmac}`))).resolves.toEqual(
      unauthorized('The access token is signed with an algorithm the bakery does not accept.'),
    );
    const unsigned = new UnsecuredJWT({ sub: 'user-1', roles: ['staff'] })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(seconds(NOW) + 60)
      .encode();
    await expect(refusal(verifier().verify(`Bearer ${unsigned}`))).resolves.toMatchObject({
      status: 401,
      code: 'BAKERY_UNAUTHORIZED',
    });
  });
});

describe('verify with a JWKS URL', () => {
  let server: Server;
  let url: URL;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(keys.jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/jwks`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('fetches the keys from the issuer', async () => {
    await expect(
      verifier({ jwks: url }).verify(`Bearer ${await mint(keys.privateKey)}`),
    ).resolves.toMatchObject({ userId: 'user-1' });
  });

  /** A JWKS endpoint on 127.0.0.1 that answers with `handler`; closed after the test. */
  async function jwksServer(handler: Parameters<typeof createServer>[1]): Promise<URL> {
    const broken = createServer(handler);
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    opened.push(broken);
    return new URL(`http://127.0.0.1:${(broken.address() as AddressInfo).port}/api/auth/jwks`);
  }
  const opened: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      opened.splice(0).map((s) => {
        s.closeAllConnections();
        return new Promise((resolve) => s.close(resolve));
      }),
    );
  });
  const unavailable = { status: 503, code: 'BAKERY_UNAVAILABLE' };

  it.each([
    [
      'answers 500',
      (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(500).end('oops'),
    ],
    ['answers 503', (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(503).end()],
    [
      'answers a body that is not JSON',
      (_req: unknown, res: import('node:http').ServerResponse) => res.end('<html>'),
    ],
    [
      'answers JSON that is not a key set',
      (_req: unknown, res: import('node:http').ServerResponse) => res.end('{"keys":"no"}'),
    ],
    ['resets the connection', (req: import('node:http').IncomingMessage) => req.socket.destroy()],
  ])('answers 503, not 401, when the JWKS endpoint %s', async (_what, handler) => {
    const token = `Bearer ${await mint(keys.privateKey)}`;
    const error = await verifier({ jwks: await jwksServer(handler) })
      .verify(token)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BakeryError);
    expect(error).toMatchObject({ ...unavailable, retryAfterSeconds: JWKS_RETRY_AFTER_SECONDS });
  });

  it('answers the HTTP client 503 with Retry-After when the JWKS endpoint fails', async () => {
    const jwks = await jwksServer((_req, res) => res.writeHead(500).end('oops'));
    const keysDown = verifier({ jwks });
    const route = handle(async (request) => {
      await keysDown.verifyRequest(request);
      return { status: 200 };
    });
    const request = new HttpRequest({
      method: 'GET',
      url: 'http://localhost/api/production/batches',
      headers: { authorization: `Bearer ${await mint(keys.privateKey)}` },
    });
    const context = { error: () => undefined } as unknown as Parameters<typeof route>[1];
    const response = await route(request, context);
    expect(response.status).toBe(503);
    expect(new Headers(response.headers as Record<string, string>).get('retry-after')).toBe(
      String(JWKS_RETRY_AFTER_SECONDS),
    );
    expect(JWKS_RETRY_AFTER_SECONDS).toBe(30);
  });

  it('answers 503 when the JWKS endpoint does not answer in time', async () => {
    const url = await jwksServer(() => {
      /* never answers */
    });
    const started = Date.now();
    await expect(
      refusal(verifier({ jwks: url, jwksTimeoutMs: 200 }).verify(`Bearer ${await mint(keys.privateKey)}`)),
    ).resolves.toMatchObject(unavailable);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('still answers 401 for a bad or expired token once the keys are fetched', async () => {
    const impostor = await issuerKeys('key-1');
    await expect(
      refusal(verifier({ jwks: url }).verify(`Bearer ${await mint(impostor.privateKey)}`)),
    ).resolves.toEqual(unauthorized('The access token signature is not valid.'));
    await expect(
      refusal(verifier({ jwks: url }).verify(`Bearer ${await mint(keys.privateKey, { kid: 'key-9' })}`)),
    ).resolves.toEqual(unauthorized('The access token signature is not valid.'));
    const expired = await mint(keys.privateKey, { exp: seconds(NOW) - 60 });
    await expect(refusal(verifier({ jwks: url }).verify(`Bearer ${expired}`))).resolves.toEqual(
      unauthorized('The access token has expired.'),
    );
  });

  it('answers 503, not 401, when the keys cannot be fetched', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = new URL(`http://127.0.0.1:${(dead.address() as AddressInfo).port}/jwks`);
    await new Promise((resolve) => dead.close(resolve));
    await expect(
      refusal(verifier({ jwks: deadUrl }).verify(`Bearer ${await mint(keys.privateKey)}`)),
    ).resolves.toMatchObject({ status: 503, code: 'BAKERY_UNAVAILABLE' });
  });
});

describe('requireRole', () => {
  it('lets staff through and answers 403 to everyone else', () => {
    expect(() => requireRole({ userId: 'u', name: 'Ada', roles: ['staff'] }, 'staff')).not.toThrow();
    const error = (() => {
      try {
        requireRole({ userId: 'u', name: 'Bob', roles: ['customer'] }, 'staff');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BakeryError);
    expect(error).toMatchObject({
      status: 403,
      code: 'BAKERY_FORBIDDEN',
      message: 'This needs the "staff" role.',
    });
  });
});
