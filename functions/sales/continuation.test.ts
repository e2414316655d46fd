import { decodeContinuation, encodeContinuation } from './continuation';

describe('GET /api/orders continuation token', () => {
  const key = '2026-12-01T00:00:00.000Z|11111111-1111-4111-8111-111111111111';

  it('round-trips a list key', () => {
    expect(decodeContinuation(encodeContinuation(key))).toBe(key);
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an array', Buffer.from('[1]').toString('base64url')],
    ['extra fields', Buffer.from(JSON.stringify({ before: key, x: 1 })).toString('base64url')],
    ['not a list key', encodeContinuation("' OR 1=1")],
  ])('refuses %s', (_what, token) => {
    expect(decodeContinuation(token)).toBeUndefined();
  });
});
