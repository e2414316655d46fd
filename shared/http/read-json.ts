import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { badRequest, fieldErrorsFrom } from '../errors';

/**
 * Reads and validates a JSON body. Bad JSON and schema failures both throw a 400 BakeryError
 * (`BAKERY_INVALID_REQUEST`) whose `fields` say what is wrong; `handle` turns it into a problem.
 */
export async function readJson<S extends z.ZodType>(
  request: Pick<HttpRequest, 'text'>,
  schema: S,
): Promise<z.output<S>> {
  const text = await request.text();
  if (text.trim() === '') {
    throw badRequest(
      [{ field: '(body)', message: 'A JSON body is required.' }],
      'The request body is empty.',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    throw badRequest(
      [{ field: '(body)', message: `Not valid JSON: ${reason}` }],
      'The request body is not valid JSON.',
    );
  }
  const result = await schema.safeParseAsync(body);
  if (!result.success) throw badRequest(fieldErrorsFrom(result.error.issues));
  return result.data;
}
