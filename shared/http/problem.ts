import { STATUS_CODES } from 'node:http';
import type { HttpResponseInit } from '@azure/functions';
import { isBakeryError, type FieldError } from '../errors';

/** RFC 9457 problem details, plus the bakery's stable `code` and, for 400s, the offending fields. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const GENERIC_SERVER_DETAIL = 'Something went wrong on our side. Please try again later.';

/**
 * Problem details for any thrown value. A 5xx never carries the error's message (it may name
 * hosts, keys or queries): callers log the real error and the client gets a generic detail.
 */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const known = isBakeryError(error) ? error : undefined;
  const status = known?.status ?? 500;
  const code = known?.code ?? 'BAKERY_INTERNAL';
  const problem: ProblemDetails = {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: status >= 500 || !known ? GENERIC_SERVER_DETAIL : known.message,
    code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (status < 500 && known?.fields?.length) problem.errors = [...known.fields];
  return problem;
}

export interface ProblemResponseOptions {
  /** Seconds the client should wait before retrying: the `Retry-After` header (RFC 9110 §10.2.3). */
  retryAfterSeconds?: number;
}

export function problemResponse(
  problem: ProblemDetails,
  options: ProblemResponseOptions = {},
): HttpResponseInit {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  // RFC 6750: a 401 for a bearer-protected resource names the scheme the client must use.
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer realm="bakery"';
  if (options.retryAfterSeconds !== undefined) headers['retry-after'] = String(options.retryAfterSeconds);
  return { status: problem.status, jsonBody: problem, headers };
}

/** The response options a thrown value asks for: a BakeryError's `Retry-After`, nothing otherwise. */
export function problemResponseOptions(error: unknown): ProblemResponseOptions {
  return isBakeryError(error) && error.retryAfterSeconds !== undefined
    ? { retryAfterSeconds: error.retryAfterSeconds }
    : {};
}

/** `BAKERY_OUT_OF_STOCK` → `urn:bakery:problem:out-of-stock`: stable, and no fake URL to resolve. */
function problemType(code: string): string {
  return `urn:bakery:problem:${code
    .replace(/^BAKERY_/, '')
    .toLowerCase()
    .replace(/_/g, '-')}`;
}
