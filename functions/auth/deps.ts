import type { HttpRequest } from '@azure/functions';
import type { FailureLimiter } from '../../shared/auth/failure-limiter';
import type { Clock } from '../../shared/clock';
import { unavailable } from '../../shared/errors';
import type { AuthContainer } from './auth-store';
import type { KeySource } from './signing/key-source';
import type { SignInClient } from './sign-in/msal-client';

export interface AuthDependencies {
  container: () => Promise<AuthContainer>;
  /** The bakery clock: stamps `user.signed-up` (bakery time, like every event). */
  bakeryClock: Clock;
  /** The real clock: token lifetimes, sessions, pending sign-ins, rate limits. */
  realClock: Clock;
  signIn: () => SignInClient;
  keys: () => KeySource;
  issuer: string;
  audience: string;
  /** The registered callback; absent: this request's origin + /api/auth/callback. */
  redirectUri?: string;
  /** Refused refresh tokens and callbacks per client address. */
  failures: FailureLimiter;
}

/** The callback URL, and so the one origin allowed to call POST /api/auth/token and logout. */
export function redirectUriFor(deps: Pick<AuthDependencies, 'redirectUri'>, request: HttpRequest): string {
  return deps.redirectUri ?? new URL('/api/auth/callback', request.url).toString();
}

/** The caller's address for rate limits: the Functions front end's X-Forwarded-For, first hop. */
export function clientAddress(request: HttpRequest): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'direct';
}

export const notConfigured = (what: string) => (): never => {
  throw unavailable(`Sign-in is not configured (${what}).`);
};
