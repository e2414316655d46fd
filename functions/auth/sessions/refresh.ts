import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The refresh token's rules. The cookie holds `<userId>.<sessionId>.<secret>`: the first two say
 * where the session is (a point read), the secret (256 random bits) is the credential, stored only
 * as its SHA-256. Every use rotates it; presenting a rotated one means it leaked (or a copy was
 * kept), so the whole session is revoked (reuse detection). All times are the real clock's.
 *
 * One exception, for two tabs of one browser refreshing at once (they share the cookie, so both send
 * the same token and one of them loses the race): the token rotated away last, presented within
 * REFRESH_GRACE_MS of its rotation, is answered with an access token but no new refresh token (the
 * browser keeps the successor the winner set) and changes nothing. Older tokens, or the last one
 * later, are reuse as before. docs/decisions.md, "Refresh token".
 */
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60_000;
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60_000;
/** How long after a rotation the token it replaced still gets an access token (no new refresh token). */
export const REFRESH_GRACE_MS = 10_000;
/** Rotated hashes remembered per session (a session refreshed every 10 min for 14 days needs ~2000). */
export const MAX_ROTATED_HASHES = 2100;

export interface RefreshToken {
  userId: string;
  sessionId: string;
  secret: string;
}

export interface SessionState {
  tokenHash: string;
  rotatedHashes: readonly string[];
  lastUsedAt: number;
  expiresAt: number;
  revokedAt?: number;
}

export type RefreshDecision =
  | { kind: 'rotate' }
  /** The token just rotated away, within the grace window: an access token, no rotation, no write. */
  | { kind: 'grace' }
  | { kind: 'reuse' }
  | { kind: 'refused'; reason: 'unknown' | 'revoked' | 'expired' };

export function decideRefresh(
  session: SessionState | undefined,
  secret: string,
  now: number,
): RefreshDecision {
  if (!session) return { kind: 'refused', reason: 'unknown' };
  const hash = hashSecret(secret);
  const current = sameHash(hash, session.tokenHash);
  const rotated = !current && session.rotatedHashes.some((h) => sameHash(hash, h));
  if (session.revokedAt !== undefined)
    return { kind: 'refused', reason: current || rotated ? 'revoked' : 'unknown' };
  if (!current && !rotated) return { kind: 'refused', reason: 'unknown' };
  if (now >= session.expiresAt || now >= session.lastUsedAt + SESSION_IDLE_MS)
    return { kind: 'refused', reason: 'expired' };
  if (current) return { kind: 'rotate' };
  // `lastUsedAt` is the instant of the last rotation: only rotations write the session.
  const predecessor = session.rotatedHashes.at(-1);
  const justRotated = now >= session.lastUsedAt && now < session.lastUsedAt + REFRESH_GRACE_MS;
  return predecessor !== undefined && sameHash(hash, predecessor) && justRotated
    ? { kind: 'grace' }
    : { kind: 'reuse' };
}

/** The session after a rotation to `newSecret`. */
export function rotated<S extends SessionState>(session: S, newSecret: string, now: number): S {
  return {
    ...session,
    tokenHash: hashSecret(newSecret),
    rotatedHashes: [...session.rotatedHashes, session.tokenHash].slice(-MAX_ROTATED_HASHES),
    lastUsedAt: now,
  };
}

export const newSecret = () => randomBytes(32).toString('base64url');
export const newSessionId = () => randomBytes(16).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('base64url');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const PART = '[A-Za-z0-9_-]{1,64}';
const COOKIE_VALUE = new RegExp(`^(${PART})\\.(${PART})\\.(${PART})$`);

export const formatRefreshToken = (t: RefreshToken) => `${t.userId}.${t.sessionId}.${t.secret}`;

export function parseRefreshToken(value: string | undefined): RefreshToken | undefined {
  const match = value ? COOKIE_VALUE.exec(value) : null;
  return match ? { userId: match[1], sessionId: match[2], secret: match[3] } : undefined;
}
