import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest } from '@azure/functions';
import type { Clock } from '../clock';
import { BakeryError } from '../errors';
import { handle } from '../http/handle';
import { createTokenVerifier, JWKS_RETRY_AFTER_SECONDS, type TokenVerifierOptions } from './verify-token';
import {
  AUDIENCE,
  ISSUER,
  NOW,
  issuerKeys,
  mint,
  refusal,
  seconds,
  unauthorized,
  type Keys,
} from './token-test-kit';

/** The verifier with its keys behind a URL: fetched, cached, and a failure to fetch is a 503, never a 401. */
let keys: Keys;
const clock: Clock = { now: () => NOW };
const verifier = (overrides: Partial<TokenVerifierOptions> = {}) =>
  createTokenVerifier({ jwks: keys.jwks, issuer: ISSUER, audience: AUDIENCE, clock, ...overrides });

beforeAll(async () => {
  keys = await issuerKeys();
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
