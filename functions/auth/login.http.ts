import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BakeryError, badRequest, unavailable } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { PENDING_LOGIN_ID, loginPartition } from './auth-container';
import { createSession, recordSignIn, savePendingLogin, takePendingLogin } from './auth-store';
import { clearedCookie, isHttps, LOGIN_COOKIE, loginCookie, refreshCookie, requestCookie } from './cookies';
import { clientAddress, redirectUriFor, type AuthDependencies } from './deps';
import { SESSION_LIFETIME_MS, formatRefreshToken } from './sessions/refresh';
import { identityFrom } from './sign-in/identity';
import { safeReturnTo } from './sign-in/return-to';

/** A sign-in must come back within this long (real clock). */
export const PENDING_LOGIN_MS = 10 * 60_000;

const redirect = {
  body: z.undefined(),
  description: 'Found: to the identity provider (login) or back to `returnTo` (callback)',
  headers: { Location: 'Where the browser goes next', 'Set-Cookie': 'The HttpOnly sign-in cookies' },
};

export const loginRoute = defineRoute({
  name: 'auth-login',
  method: 'GET',
  route: 'auth/login',
  auth: 'public',
  summary: 'Start signing in: 302 to the identity provider (authorization code + PKCE through MSAL)',
  description:
    'returnTo must be a path on this origin; anything else (another origin, `//host`, a scheme, backslashes) is replaced by `/`.',
  query: z.object({ returnTo: z.string().optional().describe('Where to come back to, e.g. `/orders`') }),
  responses: { 302: redirect },
  errors: { 503: 'Sign-in is not configured, or the provider cannot be reached.' },
});

export const callbackRoute = defineRoute({
  name: 'auth-callback',
  method: 'GET',
  route: 'auth/callback',
  auth: 'public',
  summary:
    'Complete signing in; the first sign-in creates the user; sets the refresh cookie; 302 to returnTo',
  query: z.object({
    code: z.string().max(4096).optional(),
    state: z.string().max(256).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(2048).optional(),
  }),
  responses: { 302: redirect },
  errors: {
    429: 'Too many failed sign-in completions from this address (Retry-After).',
    503: 'Sign-in is not configured, or the provider cannot be reached.',
  },
});

/** GET /api/auth/login: state, nonce and the PKCE verifier are kept server-side, bound to a Lax cookie. */
export function login(deps: AuthDependencies): RouteHandler<typeof loginRoute> {
  return async ({ query, request }) => {
    const signIn = deps.signIn();
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const { verifier, challenge } = await signIn.pkce();
    const redirectUri = redirectUriFor(deps, request);
    const url = await signIn
      .authorizationUrl({ state, nonce, codeChallenge: challenge, redirectUri })
      .catch((error: unknown) => {
        throw unavailable('The identity provider cannot be reached.', error, 30);
      });
    const now = deps.realClock.now();
    await savePendingLogin(await deps.container(), {
      id: PENDING_LOGIN_ID,
      kind: 'pending-login',
      partitionKey: loginPartition(state),
      state,
      nonce,
      codeVerifier: verifier,
      returnTo: safeReturnTo(query.returnTo),
      redirectUri,
      expiresAt: now + PENDING_LOGIN_MS,
      ttl: Math.ceil(PENDING_LOGIN_MS / 1000) * 2,
    });
    return {
      status: 302,
      body: undefined,
      headers: { location: url, 'cache-control': 'no-store' },
      cookies: [loginCookie(state, PENDING_LOGIN_MS / 1000, isHttps(request))],
    };
  };
}

/** GET /api/auth/callback: MSAL redeems the code; the user is recorded; a refresh session starts. */
export function callback(deps: AuthDependencies): RouteHandler<typeof callbackRoute> {
  return async ({ query, request }) => {
    const address = clientAddress(request);
    const wait = deps.failures.retryAfterSeconds(address);
    if (wait > 0) throw tooMany(wait);
    const refuse = (message: string): never => {
      deps.failures.recordFailure(address);
      throw badRequest([{ field: 'state', message }], message);
    };
    if (query.error) refuse(`The identity provider did not sign you in (${query.error}).`);
    if (!query.state || !query.code) refuse('The callback needs a code and a state.');
    const state = query.state!;
    if (requestCookie(request, LOGIN_COOKIE) !== state)
      refuse('This sign-in was not started in this browser: start again.');
    const container = await deps.container();
    const now = deps.realClock.now();
    const pending = await takePendingLogin(container, state, now);
    if (!pending) refuse('This sign-in has expired or was already completed: start again.');
    let claims: Record<string, unknown>;
    try {
      claims = await deps.signIn().redeem({
        code: query.code!,
        state,
        nonce: pending!.nonce,
        codeVerifier: pending!.codeVerifier,
        redirectUri: pending!.redirectUri,
      });
    } catch (error) {
      if (isNetworkError(error)) throw unavailable('The identity provider cannot be reached.', error, 30);
      deps.failures.recordFailure(address);
      throw new BakeryError({
        code: 'BAKERY_SIGN_IN_FAILED',
        status: 400,
        message: 'The identity provider refused to complete the sign-in: start again.',
        cause: error,
      });
    }
    if (claims['nonce'] !== pending!.nonce) refuse('The ID token does not belong to this sign-in.');
    const identity = identityFrom(claims);
    await recordSignIn(container, identity, deps.bakeryClock);
    const token = await createSession(container, identity.userId, now);
    const secure = isHttps(request);
    return {
      status: 302,
      body: undefined,
      headers: { location: pending!.returnTo, 'cache-control': 'no-store' },
      cookies: [
        clearedCookie(LOGIN_COOKIE, secure),
        refreshCookie(formatRefreshToken(token), SESSION_LIFETIME_MS / 1000, secure),
      ],
    };
  };
}

export const tooMany = (seconds: number) =>
  new BakeryError({
    code: 'BAKERY_TOO_MANY_ATTEMPTS',
    status: 429,
    message: `Too many failed attempts: try again in ${seconds} s.`,
    retryAfterSeconds: seconds,
  });

function isNetworkError(error: unknown): boolean {
  const code = (error as { errorCode?: unknown; code?: unknown } | null)?.errorCode;
  return typeof code === 'string' && /network|endpoints_resolution|timed_out/i.test(code);
}
