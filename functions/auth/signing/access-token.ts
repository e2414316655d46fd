import { randomUUID } from 'node:crypto';
import type { SigningKey } from './key-source';

/** At most 15 minutes (issue 10); 10 leaves room for the verifier's clock tolerance. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 600;

export interface AccessTokenClaims {
  iss: string;
  aud: string;
  /** The bakery user id. */
  sub: string;
  name: string;
  roles: string[];
}

/** A compact JWS (ES256, with kid) of the bakery's access token, issued at `now` (real clock, ms). */
export async function issueAccessToken(
  key: SigningKey,
  claims: AccessTokenClaims,
  now: number,
  lifetimeSeconds = ACCESS_TOKEN_LIFETIME_SECONDS,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const header = { alg: 'ES256', typ: 'JWT', kid: key.kid };
  const payload = { ...claims, iat, nbf: iat, exp: iat + lifetimeSeconds, jti: randomUUID() };
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = await key.sign(Buffer.from(input, 'ascii'));
  return `${input}.${signature.toString('base64url')}`;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
