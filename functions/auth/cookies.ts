import type { Cookie, HttpRequest } from '@azure/functions';

/**
 * auth's two cookies, both HttpOnly, Path=/api/auth (no other route ever sees them), Secure over HTTPS:
 * - `bakery_login` ties a sign-in's callback to the browser that started it. SameSite=Lax: the
 *   provider's redirect back is a cross-site top-level navigation, which Strict would strip.
 * - `bakery_refresh`, the refresh token. SameSite=Strict: only the bakery's own pages send it.
 */
export const LOGIN_COOKIE = 'bakery_login';
export const REFRESH_COOKIE = 'bakery_refresh';
const PATH = '/api/auth';

export const isHttps = (request: HttpRequest) => new URL(request.url).protocol === 'https:';

export function loginCookie(state: string, maxAgeSeconds: number, secure: boolean): Cookie {
  return {
    name: LOGIN_COOKIE,
    value: state,
    path: PATH,
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    maxAge: maxAgeSeconds,
  };
}

export function refreshCookie(value: string, maxAgeSeconds: number, secure: boolean): Cookie {
  return {
    name: REFRESH_COOKIE,
    value,
    path: PATH,
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    maxAge: maxAgeSeconds,
  };
}

/** An expired cookie of that name, which the browser deletes. */
export function clearedCookie(name: string, secure: boolean): Cookie {
  return {
    name,
    value: '',
    path: PATH,
    httpOnly: true,
    sameSite: name === LOGIN_COOKIE ? 'Lax' : 'Strict',
    secure,
    maxAge: 0,
    expires: new Date(0),
  };
}

/** A cookie's value from the request's Cookie header (the first of that name), or undefined. */
export function requestCookie(request: HttpRequest, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const raw = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
