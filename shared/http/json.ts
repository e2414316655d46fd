import type { HttpResponseInit } from '@azure/functions';

/** A JSON response. `jsonBody` lets the Functions runtime serialise; the header says it explicitly. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'content-type': 'application/json', ...headers } };
}
