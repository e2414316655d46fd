import {
  decideRefresh,
  formatRefreshToken,
  hashSecret,
  parseRefreshToken,
  REFRESH_GRACE_MS,
  rotated,
  SESSION_IDLE_MS,
  type SessionState,
} from './refresh';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const session = (secret: string, extra: Partial<SessionState> = {}): SessionState => ({
  tokenHash: hashSecret(secret),
  rotatedHashes: [],
  lastUsedAt: NOW,
  expiresAt: NOW + 14 * 86_400_000,
  ...extra,
});

describe('decideRefresh', () => {
  it('rotates the current token and then treats the old one as reuse', () => {
    const s = session('one');
    expect(decideRefresh(s, 'one', NOW)).toEqual({ kind: 'rotate' });
    const next = rotated(s, 'two', NOW + 1000);
    expect(decideRefresh(next, 'two', NOW + 2000)).toEqual({ kind: 'rotate' });
    expect(decideRefresh(next, 'one', NOW + 1000 + REFRESH_GRACE_MS)).toEqual({ kind: 'reuse' });
    expect(next.lastUsedAt).toBe(NOW + 1000);
  });

  it('refuses unknown, revoked and expired sessions', () => {
    expect(decideRefresh(undefined, 'x', NOW)).toEqual({ kind: 'refused', reason: 'unknown' });
    expect(decideRefresh(session('one'), 'guess', NOW)).toEqual({ kind: 'refused', reason: 'unknown' });
    expect(decideRefresh(session('one', { revokedAt: NOW }), 'one', NOW)).toEqual({
      kind: 'refused',
      reason: 'revoked',
    });
    expect(decideRefresh(session('one', { expiresAt: NOW }), 'one', NOW)).toEqual({
      kind: 'refused',
      reason: 'expired',
    });
    expect(decideRefresh(session('one'), 'one', NOW + SESSION_IDLE_MS)).toEqual({
      kind: 'refused',
      reason: 'expired',
    });
  });
});

describe('decideRefresh: two tabs refreshing at once (the grace window)', () => {
  // one → two at T; then two → three at T + 60 s.
  const T = NOW + 1000;
  const afterOne = rotated(session('one'), 'two', T);

  it('answers the token rotated away last, within the window, without rotating again', () => {
    expect(decideRefresh(afterOne, 'one', T)).toEqual({ kind: 'grace' });
    expect(decideRefresh(afterOne, 'one', T + REFRESH_GRACE_MS - 1)).toEqual({ kind: 'grace' });
    // The successor is still the current token.
    expect(decideRefresh(afterOne, 'two', T + 1)).toEqual({ kind: 'rotate' });
  });

  it('treats it as reuse once the window has passed', () => {
    expect(decideRefresh(afterOne, 'one', T + REFRESH_GRACE_MS)).toEqual({ kind: 'reuse' });
  });

  it('gives no grace to an older token, even within the window of the last rotation', () => {
    const afterTwo = rotated(afterOne, 'three', T + 60_000);
    expect(decideRefresh(afterTwo, 'two', T + 60_001)).toEqual({ kind: 'grace' });
    expect(decideRefresh(afterTwo, 'one', T + 60_001)).toEqual({ kind: 'reuse' });
  });

  it('gives no grace on a revoked or expired session', () => {
    expect(decideRefresh({ ...afterOne, revokedAt: T }, 'one', T + 1)).toEqual({
      kind: 'refused',
      reason: 'revoked',
    });
    expect(decideRefresh({ ...afterOne, expiresAt: T }, 'one', T + 1)).toEqual({
      kind: 'refused',
      reason: 'expired',
    });
  });

  it('gives no grace to a guess', () => {
    expect(decideRefresh(afterOne, 'guess', T + 1)).toEqual({ kind: 'refused', reason: 'unknown' });
  });
});

describe('the refresh cookie value', () => {
  it('round-trips and refuses anything else', () => {
    const token = { userId: 'u_abc', sessionId: 's-1', secret: 'secret_value' };
    expect(parseRefreshToken(formatRefreshToken(token))).toEqual(token);
    for (const bad of [undefined, '', 'a.b', 'a.b.c.d', 'a.b.c;d', 'a..c'])
      expect(parseRefreshToken(bad)).toBeUndefined();
  });
});
