import type {
  HostApi,
  HostRequest,
  HostResponse,
  RegisteredFunction,
  TriggerExtension,
} from '../host/host-api';
import type { RpcHttpCookie, RpcHttpData, RpcInvocationResponse, RpcTypedData } from '../host/core-types';
import { HOST_API_REASON } from '../host/host-api';

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
    response = await host.invoke(fn.name, {
      inputData: [{ name: fn.triggerBindingName, data: { http } }],
      reason: HOST_API_REASON,
    });
  } catch (error) {
    host.log(
      'error',
      `Function "${fn.name}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    // As the Functions host: a function that throws answers 500 with no body.
    return { status: 500 };
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

/**
 * As the Functions host writes a cookie: it turns the RpcHttpCookie into ASP.NET Core CookieOptions
 * (whose path defaults to `/`) and appends it with `Response.Cookies.Append`, which escapes the value
 * as `Uri.EscapeDataString` does (the name is left as it is) and serialises the attributes in
 * SetCookieHeaderValue's order and spelling: `expires`, `max-age`, `domain`, `path`, `secure`,
 * `samesite`, `httponly`, all lower case. RPC sameSite `none` is "not set" (no attribute);
 * `explicitNone` is `samesite=none`.
 */
export function serializeCookie(c: RpcHttpCookie): string {
  const parts = [`${c.name ?? ''}=${escapeDataString(c.value ?? '')}`];
  const expires = c.expires?.value;
  if (expires) {
    const ms = (expires.seconds ?? 0) * 1000 + Math.floor((expires.nanos ?? 0) / 1e6);
    parts.push(`expires=${new Date(ms).toUTCString()}`);
  }
  // TimeSpan.FromSeconds keeps whole milliseconds; max-age is its TotalSeconds cut to an integer.
  if (typeof c.maxAge?.value === 'number')
    parts.push(`max-age=${Math.trunc(Math.round(c.maxAge.value * 1000) / 1000)}`);
  if (typeof c.domain?.value === 'string') parts.push(`domain=${c.domain.value}`);
  parts.push(`path=${typeof c.path?.value === 'string' ? c.path.value : '/'}`);
  if (c.secure?.value) parts.push('secure');
  if (c.sameSite === 'lax' || c.sameSite === 'strict') parts.push(`samesite=${c.sameSite}`);
  else if (c.sameSite === 'explicitNone') parts.push('samesite=none');
  if (c.httpOnly?.value) parts.push('httponly');
  return parts.join('; ');
}

/** .NET's Uri.EscapeDataString: percent-encodes (UTF-8) everything but RFC 3986's unreserved characters. */
function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
