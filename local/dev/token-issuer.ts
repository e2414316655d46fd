/**
 * A development token issuer: its own ES256 key, served as a JWKS on loopback, minting access tokens
 * for an app that verifies bearer tokens against a JWKS URL (`--dev-tokens`, tests, scripts). The
 * default issuer and audience are the ones the bakery's verifier expects unless told otherwise.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_ISSUER = 'urn:bakery:auth';
export const TEST_AUDIENCE = 'urn:bakery:api';

export interface TestIssuer {
  /** Set as AUTH_JWKS_URL so the app's verifier trusts tokens this issuer mints. */
  jwksUrl: string;
  token(
    claims: { sub: string; name?: string; roles?: string[] },
    options?: { expiresInSeconds?: number; now?: number },
  ): Promise<string>;
  close(): Promise<void>;
}

export interface DevIssuerOptions {
  /** `iss` of the tokens. Default TEST_ISSUER. */
  issuer?: string;
  /** `aud` of the tokens. Default TEST_AUDIENCE. */
  audience?: string;
}

export async function startDevIssuer(options: DevIssuerOptions = {}): Promise<TestIssuer> {
  const issuer = options.issuer ?? TEST_ISSUER;
  const audience = options.audience ?? TEST_AUDIENCE;
  // jose ships only as ES modules: load it the way shared/auth does.
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    token: async (claims, at = {}) => {
      const now = Math.floor((at.now ?? Date.now()) / 1000);
      return new SignJWT({ name: claims.name ?? claims.sub, roles: claims.roles ?? [] })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setSubject(claims.sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (at.expiresInSeconds ?? 900))
        .sign(privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
