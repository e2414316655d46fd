import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { forbidden, unauthorized, unavailable } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { readIdentity, revokeSession, useRefreshToken } from './auth-store';
import { clearedCookie, isHttps, refreshCookie, requestCookie, REFRESH_COOKIE } from './cookies';
import { clientAddress, redirectUriFor, type AuthDependencies } from './deps';
import { tooMany } from './login.http';
import { formatRefreshToken, parseRefreshToken, SESSION_LIFETIME_MS } from './sessions/refresh';
import { ACCESS_TOKEN_LIFETIME_SECONDS, issueAccessToken } from './signing/access-token';

const tokenResponse = z.object({
  accessToken: z.string().describe('ES256 JWT: iss, aud, sub (the bakery user id), name, roles, exp'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.int().positive().describe('Seconds the access token is valid (at most 900)'),
  user: z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }),
});

export const tokenRoute = defineRoute({
  name: 'auth-token',
  method: 'POST',
  route: 'auth/token',
  auth: 'public',
  summary: 'An access token for the refresh cookie, which is rotated',
  description:
    'Needs the HttpOnly refresh cookie and a same-origin `Origin` header (403 otherwise). Every call rotates the refresh token; presenting an already-rotated one revokes the whole session, except the token rotated away last within 10 seconds of its rotation (two tabs refreshing at once), which gets an access token and no new cookie.',
  responses: {
    200: {
      body: tokenResponse,
      headers: {
        'Set-Cookie': 'The rotated refresh cookie (none on a grace answer)',
        'Cache-Control': '`no-store`',
      },
    },
  },
  errors: {
    429: 'Too many refused refresh tokens from this address (Retry-After).',
    503: 'Token signing is not configured or its key cannot be reached.',
  },
});

export const logoutRoute = defineRoute({
  name: 'auth-logout',
  method: 'POST',
  route: 'auth/logout',
  auth: 'public',
  summary: 'Sign out: revokes the session and clears the refresh cookie',
  description:
    'Needs a same-origin `Origin` header (403 otherwise). Answers 204 whether or not a session was found.',
  responses: { 204: { body: z.undefined(), headers: { 'Set-Cookie': 'The refresh cookie, cleared' } } },
});

/** Only the bakery's own pages may spend the refresh cookie (with SameSite=Strict, a second fence). */
function requireSameOrigin(deps: AuthDependencies, request: HttpRequest): void {
  const origin = request.headers.get('origin');
  const ours = new URL(redirectUriFor(deps, request)).origin;
  if (!origin || origin !== ours) throw forbidden('This needs a same-origin Origin header.');
}

export function token(deps: AuthDependencies): RouteHandler<typeof tokenRoute> {
  return async ({ request }) => {
    requireSameOrigin(deps, request);
    const address = clientAddress(request);
    const wait = deps.failures.retryAfterSeconds(address);
    if (wait > 0) throw tooMany(wait);
    const presented = parseRefreshToken(requestCookie(request, REFRESH_COOKIE));
    if (!presented) {
      deps.failures.recordFailure(address);
      throw unauthorized('There is no valid refresh cookie: sign in.');
    }
    const container = await deps.container();
    const now = deps.realClock.now();
    const outcome = await useRefreshToken(container, presented, now);
    switch (outcome.kind) {
      case 'rotated':
      case 'grace':
        break;
      case 'reuse':
        deps.failures.recordFailure(address);
        throw unauthorized('This refresh token was already used: the session is revoked, sign in again.');
      case 'refused':
        deps.failures.recordFailure(address);
        throw unauthorized(
          `The session is ${outcome.reason === 'unknown' ? 'not known' : outcome.reason}: sign in.`,
        );
      default:
        return outcome satisfies never;
    }
    const identity = await readIdentity(container, presented.userId);
    if (!identity) throw unauthorized('The user of this session is not known: sign in.');
    const key = await deps
      .keys()
      .current()
      .catch((error: unknown) => {
        throw unavailable('The token signing key cannot be reached.', error, 30);
      });
    const accessToken = await issueAccessToken(
      key,
      {
        iss: deps.issuer,
        aud: deps.audience,
        sub: identity.userId,
        name: identity.name,
        roles: identity.roles,
      },
      now,
    );
    return {
      status: 200,
      body: {
        accessToken,
        tokenType: 'Bearer',
        expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS,
        user: { id: identity.userId, name: identity.name, roles: identity.roles },
      },
      headers: { 'cache-control': 'no-store' },
      // Grace: the browser already holds the successor another tab was given; leave it.
      cookies:
        outcome.kind === 'rotated'
          ? [refreshCookie(formatRefreshToken(outcome.token), SESSION_LIFETIME_MS / 1000, isHttps(request))]
          : [],
    };
  };
}

export function logout(deps: AuthDependencies): RouteHandler<typeof logoutRoute> {
  return async ({ request }) => {
    requireSameOrigin(deps, request);
    const presented = parseRefreshToken(requestCookie(request, REFRESH_COOKIE));
    if (presented) await revokeSession(await deps.container(), presented, deps.realClock.now());
    return {
      status: 204,
      body: undefined,
      headers: { 'cache-control': 'no-store' },
      cookies: [clearedCookie(REFRESH_COOKIE, isHttps(request))],
    };
  };
}
