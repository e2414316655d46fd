/**
 * Where sign-in may send the browser back to: a path on this origin only. Anything that a browser
 * could read as another origin — `//evil`, `/\evil`, a scheme, control characters, an encoded
 * slash or backslash at the start — falls back to `/` (no open redirect).
 */
export const DEFAULT_RETURN_TO = '/';
const MAX_LENGTH = 2048;

export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value === '' || value.length > MAX_LENGTH) return DEFAULT_RETURN_TO;
  if (!value.startsWith('/')) return DEFAULT_RETURN_TO;
  // Browsers treat \ as / and drop tabs and newlines inside URLs.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return DEFAULT_RETURN_TO;
  if (value.startsWith('//')) return DEFAULT_RETURN_TO;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (decoded.startsWith('//') || decoded.startsWith('/\\')) return DEFAULT_RETURN_TO;
  // Resolved against a stand-in origin, the path must stay on it.
  const base = 'https://bakery.invalid';
  const resolved = new URL(value, base);
  if (resolved.origin !== base) return DEFAULT_RETURN_TO;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
