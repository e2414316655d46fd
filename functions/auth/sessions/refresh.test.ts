import {
  decideRefresh,
  formatRefreshToken,
  hashSecret,
  parseRefreshToken,
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
    expect(decideRefresh(next, 'one', NOW + 2000)).toEqual({ kind: 'reuse' });
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

describe('the refresh cookie value', () => {
  it('round-trips and refuses anything else', () => {
    const token = { userId: 'u_abc', sessionId: 's-1', secret: 'secret_value' };
    expect(parseRefreshToken(formatRefreshToken(token))).toEqual(token);
    for (const bad of [undefined, '', 'a.b', 'a.b.c.d', 'a.b.c;d', 'a..c'])
      expect(parseRefreshToken(bad)).toBeUndefined();
  });
});
