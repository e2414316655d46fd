import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { startSignInBakery, type SignInBakery } from './auth-test-kit';

/**
 * Tokens the bakery must refuse with 401, sent to a real protected route (GET /api/products/shelves)
 * of the app running with the real auth service's keys (AUTH_JWKS_URL = its own /api/auth/jwks).
 * The bad tokens are made with the auth service's own key file where only one claim must be wrong.
 */
let bakery: SignInBakery;
let good: string;
let ownKey: { kid: string; key: KeyObject };
beforeAll(async () => {
  bakery = await startSignInBakery();
  const manager = bakery.browser();
  await manager.signIn('manager', 'bakery manager');
  good = (JSON.parse((await manager.token()).body) as { accessToken: string }).accessToken;
  const stored = JSON.parse(fs.readFileSync(bakery.signingKeyFile, 'utf8')) as {
    keys: Array<{ kid: string; privateJwk: Record<string, string> }>;
  };
  ownKey = {
    kid: stored.keys[0].kid,
    key: createPrivateKey({ key: stored.keys[0].privateJwk, format: 'jwk' }),
  };
}, 60_000);
afterAll(() => bakery?.stop());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

function signed(claims: Record<string, unknown>, key = ownKey.key, kid = ownKey.kid): string {
  const input = `${b64({ alg: 'ES256', typ: 'JWT', kid })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

async function shelves(authorization?: string) {
  const response = await fetch(`${bakery.baseUrl}/api/products/shelves`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: response.status, body: (await response.json()) as { code?: string; detail?: string } };
}

describe('access tokens refused with 401 on a real route', () => {
  it('accepts the genuine token (the control)', async () => {
    expect((await shelves(`Bearer ${good}`)).status).toBe(200);
  });

  it('refuses no token, a malformed one and another scheme', async () => {
    expect((await shelves()).status).toBe(401);
    expect((await shelves('Bearer not-a-jwt')).status).toBe(401);
    expect((await shelves('Bearer a.b.c')).status).toBe(401);
    expect((await shelves(`Basic ${good}`)).status).toBe(401);
  });

  it('refuses alg none', async () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${good.split('.')[1]}.`;
    const reply = await shelves(`Bearer ${none}`);
    expect(reply.status).toBe(401);
  });

  it('refuses a token signed by another key, even with the right kid', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect((await shelves(`Bearer ${signed(payloadOf(good), other)}`)).status).toBe(401);
    expect((await shelves(`Bearer ${signed(payloadOf(good), other, 'unknown-kid')}`)).status).toBe(401);
  });

  it('refuses the wrong issuer, the wrong audience and an expired token (own key)', async () => {
    const claims = payloadOf(good);
    const now = Math.floor(Date.now() / 1000);
    expect((await shelves(`Bearer ${signed({ ...claims })}`)).status).toBe(200);
    const issuer = await shelves(`Bearer ${signed({ ...claims, iss: 'https://evil.example' })}`);
    expect(issuer).toMatchObject({ status: 401, body: { code: 'BAKERY_UNAUTHORIZED' } });
    expect(issuer.body.detail).toMatch(/issuer/);
    const audience = await shelves(`Bearer ${signed({ ...claims, aud: 'someone-else' })}`);
    expect(audience.status).toBe(401);
    expect(audience.body.detail).toMatch(/not meant for/);
    const expired = await shelves(
      `Bearer ${signed({ ...claims, iat: now - 3600, nbf: now - 3600, exp: now - 60 })}`,
    );
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);
  });

  it('refuses a tampered payload (subject changed, signature kept)', async () => {
    const [header, , signature] = good.split('.');
    const tampered = `${header}.${b64({ ...payloadOf(good), sub: 'someone-else' })}.${signature}`;
    expect((await shelves(`Bearer ${tampered}`)).status).toBe(401);
  });
});
