/**
 * The continuation token of GET /api/orders: where the next page starts, as an opaque string
 * (base64url of `{"before":"<listKey>"}`). Orders are listed by `<placedAt>|<orderId>`, a stable
 * cursor: new orders never shift a page. The token is only applied inside the caller's own
 * partition, so a forged one reveals nothing.
 */
export function encodeContinuation(before: string): string {
  return Buffer.from(JSON.stringify({ before }), 'utf8').toString('base64url');
}

/** The list key a token continues before, or undefined when it is not one this service wrote. */
export function decodeContinuation(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const before = (parsed as { before?: unknown }).before;
  if (Object.keys(parsed).length !== 1 || typeof before !== 'string') return undefined;
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/.test(before) ? before : undefined;
}
