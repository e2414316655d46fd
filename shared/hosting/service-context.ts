import { createTokenVerifier, type TokenVerifier } from '../auth';
import { realClock, type Clock } from '../clock';
import { unavailable } from '../errors';
import type { BakeryConfig, Settings } from '../config';
import { BakeryCalendar } from '../time/bakery-calendar';
import type { Infrastructure } from './infrastructure';

/**
 * Everything a service's `register(context)` is given by the composition root (functions/index.ts):
 * the ports, the parsed settings, the bakery's configuration and a bearer-token verifier. A service
 * takes what it needs and nothing else; it never reads process.env itself.
 */
export interface ServiceContext {
  infrastructure: Infrastructure;
  settings: Settings;
  bakery: BakeryConfig;
  calendar: BakeryCalendar;
  /** Verifies bearer tokens on the real clock (their lifetimes protect people, not loaves). */
  verifier: TokenVerifier;
  /** Real time, for token lifetimes, sessions and rate limits; the bakery's rules use infrastructure.clock. */
  realClock: Clock;
  /** Cosmos database name for change-feed bindings (the embedded store ignores it). */
  databaseName: string;
}

export function createServiceContext(
  infrastructure: Infrastructure,
  settings: Settings,
  bakery: BakeryConfig,
): ServiceContext {
  return {
    infrastructure,
    settings,
    bakery,
    calendar: BakeryCalendar.of(bakery),
    verifier: settings.auth.jwksUrl
      ? createTokenVerifier({
          jwks: settings.auth.jwksUrl,
          issuer: settings.auth.issuer,
          audience: settings.auth.audience,
          clock: realClock,
        })
      : unconfiguredVerifier,
    realClock,
    databaseName: settings.store.kind === 'cosmos' ? settings.store.database : 'bakery',
  };
}

/**
 * Until AUTH_JWKS_URL names the auth service's keys, protected endpoints answer 503, never 200. No
 * Retry-After: a missing setting does not fix itself, so there is no time after which to retry.
 */
const unconfiguredVerifier: TokenVerifier = {
  verify: () => Promise.reject(unavailable('Sign-in is not configured (AUTH_JWKS_URL is not set).')),
  verifyRequest: () => Promise.reject(unavailable('Sign-in is not configured (AUTH_JWKS_URL is not set).')),
};
