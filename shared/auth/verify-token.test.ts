import { HttpRequest } from '@azure/functions';
import type { Clock } from '../clock';
import { BakeryError } from '../errors';
import { createTokenVerifier, requireRole, type TokenVerifierOptions } from './verify-token';
import {
  AUDIENCE,
  ISSUER,
  NOW,
  issuerKeys,
  jose,
  mint,
  refusal,
  seconds,
  unauthorized,
  type Keys,
} from './token-test-kit';

let keys: Keys;
let clockAt = NOW;
const clock: Clock = { now: () => clockAt };
const verifier = (overrides: Partial<TokenVerifierOptions> = {}) =>
  createTokenVerifier({ jwks: keys.jwks, issuer: ISSUER, audience: AUDIENCE, clock, ...overrides });

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
