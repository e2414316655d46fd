import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { badRequest, fieldErrorsFrom, type FieldError } from '../errors';

/** A body read against its schema: the value, or why it is refused (field errors and a detail). */
export type JsonBodyResult<T> = { ok: true; data: T } | { ok: false; fields: FieldError[]; detail?: string };

/**
 * Reads and validates a JSON body. Bad JSON and schema failures both throw a 400 BakeryError
 * (`BAKERY_INVALID_REQUEST`) whose `fields` say what is wrong; `handle` turns it into a problem.
 */
export async function readJson<S extends z.ZodType>(
  request: Pick<HttpRequest, 'text'>,
  schema: S,
): Promise<z.output<S>> {
  const result = await parseJsonBody(request, schema);
  if (!result.ok) throw badRequest(result.fields, result.detail);
  return result.data;
}

/** `readJson` without the throw, so a route can report the body's fields with its other inputs'. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Pick<HttpRequest, 'text'>,
  schema: S,
): Promise<JsonBodyResult<z.output<S>>> {
  const text = await request.text();
  if (text.trim() === '') {
    return {
      ok: false,
      fields: [{ field: '(body)', message: 'A JSON body is required.' }],
      detail: 'The request body is empty.',
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    return {
      ok: false,
      fields: [{ field: '(body)', message: `Not valid JSON: ${reason}` }],
      detail: 'The request body is not valid JSON.',
    };
  }
  const result = await schema.safeParseAsync(body);
  if (!result.success) return { ok: false, fields: fieldErrorsFrom(result.error.issues) };
  return { ok: true, data: result.data };
}
