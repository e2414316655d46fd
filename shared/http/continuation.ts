/**
 * A page cursor as an opaque continuation token: base64url of `{"before":<position>}`. Each list
 * says what a valid position is (`accept`), so a token it did not write — tampered, truncated or
 * from another list — decodes to undefined and the caller answers 400.
 */
export function encodeContinuation(before: string | number): string {
  return Buffer.from(JSON.stringify({ before }), 'utf8').toString('base64url');
}

export function decodeContinuation<T>(
  token: string,
  accept: (before: unknown) => T | undefined,
  maxLength = 300,
): T | undefined {
  if (token.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  if (Object.keys(parsed).length !== 1 || !('before' in parsed)) return undefined;
  return accept(parsed.before);
}
