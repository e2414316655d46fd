/**
 * The bakery's one error type. A stable `code` is what clients and tests match on; `status` is the
 * HTTP status it maps to; `fields` say which input was wrong (400s). Services add their own codes
 * (`BAKERY_OUT_OF_STOCK`, `BAKERY_INSUFFICIENT_FUNDS`) with `new BakeryError({...})`.
 */

export type BakeryErrorCode = `BAKERY_${string}`;

export interface FieldError {
  /** Path of the offending field, e.g. `lines[0].quantity`; `(body)` for the body as a whole. */
  field: string;
  message: string;
}

export interface BakeryErrorInit {
  code: BakeryErrorCode;
  status: number;
  message: string;
  fields?: FieldError[];
  cause?: unknown;
  /**
   * For a 503 (or 429) the client may retry: how many seconds to wait, sent as `Retry-After`
   * (RFC 9110 §10.2.3, delay-seconds). Left out when retrying would not help (a configuration gap).
   */
  retryAfterSeconds?: number;
}

export class BakeryError extends Error {
  readonly code: BakeryErrorCode;
  readonly status: number;
  readonly fields?: readonly FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(init: BakeryErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'BakeryError';
    this.code = init.code;
    this.status = init.status;
    if (init.fields !== undefined) this.fields = init.fields;
    if (init.retryAfterSeconds !== undefined) {
      if (!Number.isInteger(init.retryAfterSeconds) || init.retryAfterSeconds < 0)
        throw new RangeError(`retryAfterSeconds must be a whole number >= 0, got ${init.retryAfterSeconds}`);
      this.retryAfterSeconds = init.retryAfterSeconds;
    }
  }
}

export function isBakeryError(error: unknown): error is BakeryError {
  return error instanceof BakeryError;
}

export function badRequest(fields: FieldError[], message = 'The request is not valid.'): BakeryError {
  return new BakeryError({ code: 'BAKERY_INVALID_REQUEST', status: 400, message, fields });
}

export function unauthorized(reason: string, cause?: unknown): BakeryError {
  return new BakeryError({ code: 'BAKERY_UNAUTHORIZED', status: 401, message: reason, cause });
}

export function forbidden(reason: string): BakeryError {
  return new BakeryError({ code: 'BAKERY_FORBIDDEN', status: 403, message: reason });
}

/** Also the answer for another customer's resources: never reveal that they exist. */
export function notFound(what: string): BakeryError {
  return new BakeryError({ code: 'BAKERY_NOT_FOUND', status: 404, message: `${what} was not found.` });
}

export function conflict(message: string, code: BakeryErrorCode = 'BAKERY_CONFLICT'): BakeryError {
  return new BakeryError({ code, status: 409, message });
}

/** E.g. an Idempotency-Key reused with a different body. */
export function unprocessable(message: string, code: BakeryErrorCode = 'BAKERY_UNPROCESSABLE'): BakeryError {
  return new BakeryError({ code, status: 422, message });
}

/**
 * A dependency (Cosmos, Service Bus, the JWKS endpoint) is not answering; clients may retry, after
 * `retryAfterSeconds` when given (sent as `Retry-After`). Without it the 503 says nothing about when.
 */
export function unavailable(message: string, cause?: unknown, retryAfterSeconds?: number): BakeryError {
  return new BakeryError({
    code: 'BAKERY_UNAVAILABLE',
    status: 503,
    message,
    cause,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** The slice of a zod issue we read; keeps this module free of a runtime zod import. */
export interface ValidationIssue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

/** Turns zod issues into field errors: `lines[0].quantity`, `(body)` for the root. */
export function fieldErrorsFrom(issues: readonly ValidationIssue[], root = '(body)'): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: formatPath([...issue.path, key], root),
        message: 'Unknown field.',
      }));
    }
    return [{ field: formatPath(issue.path, root), message: issue.message }];
  });
}

function formatPath(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}
