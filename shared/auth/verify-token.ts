import type { HttpRequest } from '@azure/functions';
// jose 6 is ESM-only: types come in with resolution-mode, the code through a dynamic import().
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { forbidden, unauthorized, unavailable, type BakeryError } from '../errors';
import type { Clock } from '../clock';

/** Who is calling, from a verified access token. */
export interface Principal {
  userId: string;
  name: string;
  roles: string[];
}

export type Role = 'staff' | (string & {});

export interface TokenVerifierOptions {
  /** The issuer's public keys: a key set (tests, local) or its JWKS URL (fetched and cached). */
  jwks: JSONWebKeySet | URL;
  issuer: string;
  audience: string;
  clock: Clock;
  /** Allowed skew between the issuer's clock and ours. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Asymmetric algorithms only, so a public key can never be used as an HMAC secret. */
  algorithms?: string[];
  /** How long a JWKS fetch may take before the request is answered 503. Default 5000 ms (jose's). */
  jwksTimeoutMs?: number;
}

export interface TokenVerifier {
  /** Verifies an `Authorization` header value; throws a 401 BakeryError saying why it is refused. */
  verify(authorization: string | null | undefined): Promise<Principal>;
  verifyRequest(request: Pick<HttpRequest, 'headers'>): Promise<Principal>;
}

const loadJose = () => import('jose');
type Jose = Awaited<ReturnType<typeof loadJose>>;

/**
 * `Retry-After` on the 503 for keys that could not be fetched. jose keeps no failed fetch, so the next
 * request tries again anyway; this only paces clients. 30 s is the same as jose's `cooldownDuration`
 * default (its wait before fetching again for an unknown key): long enough for the auth app to
 * restart, short enough for a person to wait.
 */
export const JWKS_RETRY_AFTER_SECONDS = 30;

const DEFAULT_ALGORITHMS = ['ES256', 'RS256', 'PS256', 'EdDSA'];
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  let ready: Promise<{ jose: Jose; keys: JWTVerifyGetKey }> | undefined;
  const keySet = () =>
    (ready ??= loadJose().then((jose) => ({
      jose,
      keys:
        options.jwks instanceof URL
          ? keysFetchedFrom(
              jose.createRemoteJWKSet(options.jwks, { timeoutDuration: options.jwksTimeoutMs ?? 5000 }),
            )
          : jose.createLocalJWKSet(options.jwks),
    })));

  async function verify(authorization: string | null | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    const { jose, keys } = await keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: options.algorithms ?? DEFAULT_ALGORITHMS,
        currentDate: new Date(options.clock.now()),
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw refusal(error);
    }
    return principalFrom(payload);
  }

  return { verify, verifyRequest: (request) => verify(request.headers.get('authorization')) };
}

export function requireRole(principal: Principal, role: Role): void {
  if (!principal.roles.includes(role)) throw forbidden(`This needs the "${role}" role.`);
}

function bearerToken(authorization: string | null | undefined): string {
  if (!authorization?.trim()) throw unauthorized('The request has no Authorization header.');
  if (!/^Bearer\b/i.test(authorization))
    throw unauthorized('The Authorization header must use the Bearer scheme.');
  const match = BEARER.exec(authorization);
  if (!match?.[1]) throw unauthorized('The bearer token is malformed.');
  return match[1];
}

function principalFrom(payload: JWTPayload): Principal {
  const { sub, roles } = payload;
  if (!sub) throw unauthorized('The access token has no subject.');
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((role) => typeof role === 'string'))) {
    throw unauthorized('The access token\'s "roles" claim is not a list of names.');
  }
  const name = [payload['name'], payload['preferred_username']].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return { userId: sub, name: name ?? sub, roles: roles ?? [] };
}

/** A key set that could not be fetched: the reason is ours, not the token's. */
class KeysUnavailable extends Error {
  constructor(cause: unknown) {
    super('The token signing keys could not be loaded.', { cause });
    this.name = 'KeysUnavailable';
  }
}

/**
 * jose's errors from choosing a key in a key set it holds: these are about the token (its kid or
 * alg matches no key, or several). Everything else the remote key getter throws comes from
 * fetching the set (node_modules/jose/dist/webapi/jwks/remote.js): JWKSTimeout, a plain JOSEError
 * for a non-200 answer or a body that is not JSON (code ERR_JOSE_GENERIC, so the code alone cannot
 * tell it from a token error), JWKSInvalid for JSON that is not a key set, and fetch's own TypeError
 * for a refused or reset connection.
 */
const TOKEN_KEY_ERRORS = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_NOT_SUPPORTED',
]);

function keysFetchedFrom(remote: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && TOKEN_KEY_ERRORS.has(code)) throw error;
      throw new KeysUnavailable(error);
    }
  };
}

/** jose's errors → why the token is refused. A JWKS endpoint that cannot be reached is our problem (503). */
function refusal(error: unknown): BakeryError {
  if (error instanceof KeysUnavailable)
    return unavailable(error.message, error.cause, JWKS_RETRY_AFTER_SECONDS);
  const code = (error as { code?: unknown } | null)?.code;
  const claim = (error as { claim?: unknown }).claim;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return unauthorized('The access token has expired.', error);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return unauthorized(claimRefusal(String(claim), (error as { reason?: unknown }).reason), error);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return unauthorized('The access token signature is not valid.', error);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return unauthorized('The access token is signed with an algorithm the bakery does not accept.', error);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return unauthorized('The bearer token is malformed.', error);
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return unavailable('The token signing keys could not be loaded.', error, JWKS_RETRY_AFTER_SECONDS);
    default:
      // Another jose error is still about the token; anything else (a failed JWKS fetch) is ours.
      return typeof code === 'string' && code.startsWith('ERR_J')
        ? unauthorized('The access token is not valid.', error)
        : unavailable('The access token could not be verified.', error, JWKS_RETRY_AFTER_SECONDS);
  }
}

function claimRefusal(claim: string, reason: unknown): string {
  if (reason === 'missing') return `The access token has no "${claim}" claim.`;
  switch (claim) {
    case 'iss':
      return 'The access token comes from another issuer.';
    case 'aud':
      return 'The access token is not meant for the bakery API.';
    case 'nbf':
      return 'The access token is not valid yet.';
    default:
      return `The access token's "${claim}" claim is not valid.`;
  }
}
