import type { CryptoKey, JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import { BakeryError } from '../errors';

/** Keys, tokens and refusals for the verifier's tests: a real ES256 issuer, nothing mocked. */
export const jose = () => import('jose');
export type Keys = { privateKey: CryptoKey; jwks: JSONWebKeySet };

export const ISSUER = 'https://auth.bakery.test';
export const AUDIENCE = 'bakery-api';
export const NOW = Date.parse('2025-06-01T09:00:00.000Z');
export const seconds = (ms: number) => Math.floor(ms / 1000);

export async function issuerKeys(kid = 'key-1'): Promise<Keys> {
  const { generateKeyPair, exportJWK } = await jose();
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] } };
}

export interface TokenSpec {
  claims?: Record<string, unknown>;
  iss?: string;
  aud?: string;
  sub?: string | null;
  exp?: number | null;
  nbf?: number;
  kid?: string;
}

export async function mint(privateKey: CryptoKey, spec: TokenSpec = {}): Promise<string> {
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

export async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BakeryError)) throw new Error(`expected a BakeryError, got ${String(error)}`);
  return { status: error.status, code: error.code, message: error.message };
}
export const unauthorized = (message: string) => ({ status: 401, code: 'BAKERY_UNAUTHORIZED', message });
