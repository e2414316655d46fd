/**
 * The continuation token of GET /api/bank/accounts/me/transactions: where the next page starts,
 * as an opaque string (base64url of `{"before":<accountVersion>}`). Entries are numbered by the
 * account's version, so "older than version n" is a stable cursor: new movements never shift a page.
 * The token is only ever applied inside the caller's own partition, so a forged one reveals nothing.
 */
export function encodeContinuation(before: number): string {
  return Buffer.from(JSON.stringify({ before }), 'utf8').toString('base64url');
}

/** The version a token continues before, or undefined when it is not one this service wrote. */
export function decodeContinuation(token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  const before = (parsed as { before?: unknown }).before;
  if (keys.length !== 1 || typeof before !== 'number' || !Number.isSafeInteger(before) || before < 2)
    return undefined;
  return before;
}
