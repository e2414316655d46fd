import type {
  HostApi,
  HostRequest,
  HostResponse,
  RegisteredFunction,
  TriggerExtension,
} from '../host/host-api';
import type { RpcHttpCookie, RpcHttpData, RpcInvocationResponse, RpcTypedData } from '../host/core-types';
import { problem } from '../host/http-server';

/**
 * HTTP trigger: every `httpTrigger` registration becomes a route `/<routePrefix>/<route>` on the host
 * server (route defaults to the function name, methods to the registration's list). The request is
 * handed to the function as RPC http data, so `@azure/functions` builds its own HttpRequest, and the
 * function's HttpResponse comes back the same way.
 */
export function httpTriggerExtension(routePrefix: string): TriggerExtension {
  return {
    name: 'http',
    triggerTypes: ['httpTrigger'],
    async start(host: HostApi) {
      for (const fn of host.functions) {
        if (fn.trigger.type?.toLowerCase() !== 'httptrigger') continue;
        const route =
          typeof fn.trigger.route === 'string' && fn.trigger.route !== '' ? fn.trigger.route : fn.name;
        const methods = Array.isArray(fn.trigger.methods) ? (fn.trigger.methods as string[]) : undefined;
        const template = [routePrefix, route].filter((p) => p !== '').join('/');
        host.route(methods ? methods.join(',') : '*', template, (request, params) =>
          invokeHttp(host, fn, request, params),
        );
      }
    },
    async stop() {},
  };
}

async function invokeHttp(
  host: HostApi,
  fn: RegisteredFunction,
  request: HostRequest,
  params: Record<string, string>,
): Promise<HostResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const hostHeader = headers.host ?? new URL(host.baseUrl).host;
  const search = request.query.toString();
  const http: RpcHttpData = {
    method: request.method,
    url: `http://${hostHeader}${request.path}${search ? `?${search}` : ''}`,
    headers,
    // No `query` map: it holds one value per name (the last), where the worker's request reads the
    // URL, so `get()` is the first of repeated parameters and `getAll()` all of them, as in Azure.
    params,
    body: request.body.length > 0 ? { bytes: request.body } : undefined,
  };
  let response: RpcInvocationResponse;
  try {
    response = await host.invoke(fn.name, { inputData: [{ name: fn.triggerBindingName, data: { http } }] });
  } catch (error) {
    host.log(
      'error',
      `Function "${fn.name}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return problem(500, 'Internal Server Error', 'The function failed.', 'BAKERY_INTERNAL');
  }
  const output = response.returnValue?.http ?? response.outputData?.find((o) => o.data?.http)?.data?.http;
  if (!output) return { status: 204 };
  return {
    status: Number(output.statusCode ?? 200),
    headers: { ...(output.headers ?? {}), ...cookieHeader(output.cookies ?? []) },
    body: bodyBytes(output.body),
  };
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer | undefined {
  if (!body) return undefined;
  if (body.bytes) return Buffer.from(body.bytes);
  if (typeof body.string === 'string') return Buffer.from(body.string);
  if (typeof body.json === 'string') return Buffer.from(body.json);
  return undefined;
}

function cookieHeader(cookies: RpcHttpCookie[]): Record<string, string[]> {
  if (cookies.length === 0) return {};
  return { 'set-cookie': cookies.map(serializeCookie) };
}

function serializeCookie(c: RpcHttpCookie): string {
  const parts = [`${c.name}=${c.value ?? ''}`];
  if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
  if (c.path?.value) parts.push(`Path=${c.path.value}`);
  const expires = c.expires?.value?.seconds;
  if (typeof expires === 'number') parts.push(`Expires=${new Date(expires * 1000).toUTCString()}`);
  if (typeof c.maxAge?.value === 'number') parts.push(`Max-Age=${c.maxAge.value}`);
  if (c.secure?.value) parts.push('Secure');
  if (c.httpOnly?.value) parts.push('HttpOnly');
  if (c.sameSite && c.sameSite !== 'none')
    parts.push(
      `SameSite=${c.sameSite === 'explicitNone' ? 'None' : c.sameSite[0].toUpperCase() + c.sameSite.slice(1)}`,
    );
  return parts.join('; ');
}
