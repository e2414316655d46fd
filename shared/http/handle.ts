import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { problemResponse, problemResponseOptions, toProblem } from './problem';

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * Wraps an HTTP handler so every thrown error becomes an RFC 9457 problem response. Client errors
 * (4xx) are expected and not logged as errors; anything else is logged in full on the invocation
 * and answered with a generic 500 so no internals leak. A BakeryError's `retryAfterSeconds` becomes
 * the `Retry-After` header.
 */
export function handle(fn: HttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await fn(request, context);
    } catch (error) {
      const problem = toProblem(error, instanceOf(request));
      if (problem.status >= 500) {
        context.error(`${request.method} ${problem.instance ?? ''} failed (${problem.code}):`, error);
      }
      return problemResponse(problem, problemResponseOptions(error));
    }
  };
}

function instanceOf(request: HttpRequest): string | undefined {
  try {
    return new URL(request.url).pathname;
  } catch {
    return undefined;
  }
}
