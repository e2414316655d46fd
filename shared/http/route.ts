import {
  app,
  type Cookie,
  type FunctionInput,
  type HttpFunctionOptions,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import type { z } from 'zod';
import { requireRole, type Principal, type TokenVerifier } from '../auth';
import { badRequest, fieldErrorsFrom, type FieldError } from '../errors';
import { handle } from './handle';
import { json } from './json';
import { parseJsonBody } from './read-json';

/**
 * An HTTP route declared once, as data, next to its handler: what it accepts (params, query,
 * headers, body) and answers (a schema per success status), in zod. The same declaration registers
 * the function (`registerRoute`, which validates the input before the typed handler runs) and
 * writes docs/openapi.json (`buildOpenApi`, `npm run gen:openapi`).
 */

/**
 * Who may call a route: anyone; anyone, identified when a bearer token is sent (`optional`: a token
 * that is sent is verified, and a bad one is 401, never downgraded to anonymous); anyone with a
 * valid bearer token; or a token with the staff role.
 */
export type RouteAuth = 'public' | 'optional' | 'customer' | 'staff';
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** 302: a redirect (sign-in); it and 204 carry no body (declare `z.undefined()`). */
export type SuccessStatus = 200 | 201 | 202 | 204 | 302;
/** Problem responses a route answers besides the ones its declaration implies (400, 401, 403). */
export type ErrorStatus = 404 | 409 | 412 | 422 | 429 | 503;

/** params, query and headers are objects of named values (each one an OpenAPI parameter). */
export type InputSchema = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;

export interface ResponseSpec<S extends z.ZodType = z.ZodType> {
  body: S;
  description?: string;
  /** Response headers the route sets, by name, with what they mean. */
  headers?: Readonly<Record<string, string>>;
}
/** A success response: its body schema, or the schema with a description and headers. */
export type RouteResponse = z.ZodType | ResponseSpec;

export interface RouteDeclaration {
  /** The function name (unique in the app) and the OpenAPI operationId. */
  readonly name: string;
  readonly method: RouteMethod;
  /** The route template without the `api/` prefix, e.g. `menu/items/{productId}`. */
  readonly route: string;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly description?: string;
  /** Path parameters; exactly the template's `{names}`. */
  readonly params?: InputSchema;
  readonly query?: InputSchema;
  /** Request headers by lower-case name, e.g. `if-match`. */
  readonly headers?: InputSchema;
  /** A JSON body (required when declared). */
  readonly body?: z.ZodType;
  readonly responses: Readonly<Partial<Record<SuccessStatus, RouteResponse>>>;
  /** Route-specific problem responses, status → when. */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, string>>>;
}

/** Keeps the literal types (auth, statuses, schemas) that the handler's types are derived from. */
export function defineRoute<const R extends RouteDeclaration>(route: R): R {
  checkRoute(route);
  return route;
}

type Parsed<R, K extends 'params' | 'query' | 'headers' | 'body'> = R extends {
  readonly [P in K]: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

/** What a route's handler is given: its validated input, the caller, and the raw request. */
export interface RouteInput<R extends RouteDeclaration> {
  params: Parsed<R, 'params'>;
  query: Parsed<R, 'query'>;
  headers: Parsed<R, 'headers'>;
  body: Parsed<R, 'body'>;
  /** The verified caller; undefined on public routes (and on optional ones called without a token). */
  principal: R['auth'] extends 'public'
    ? undefined
    : R['auth'] extends 'optional'
      ? Principal | undefined
      : Principal;
  request: HttpRequest;
  context: InvocationContext;
}

type BodyOf<D> = D extends { body: infer S extends z.ZodType }
  ? z.input<S>
  : D extends z.ZodType
    ? z.input<D>
    : never;

/** What a handler answers: one of the declared statuses with a body of its schema's type. */
export type RouteReply<R extends RouteDeclaration> = {
  [S in keyof R['responses']]: S extends SuccessStatus
    ? {
        status: S;
        body: BodyOf<R['responses'][S]>;
        headers?: Record<string, string>;
        /** Set-Cookie, as the Functions host writes them from HttpResponseInit.cookies. */
        cookies?: Cookie[];
      }
    : never;
}[keyof R['responses']];

export type RouteHandler<R extends RouteDeclaration> = (input: RouteInput<R>) => Promise<RouteReply<R>>;

export interface RouteOptions {
  /** Verifies the bearer token of `optional`, `customer` and `staff` routes. */
  verifier?: TokenVerifier;
  extraInputs?: FunctionInput[];
}

type OptionsFor<R extends RouteDeclaration> = R['auth'] extends 'public'
  ? [options?: RouteOptions]
  : [options: RouteOptions & { verifier: TokenVerifier }];

/** Registers a declared route: `app.http(route.name, httpFunction(route, handler, options))`. */
export function registerRoute<R extends RouteDeclaration>(
  route: R,
  handler: RouteHandler<R>,
  ...[options]: OptionsFor<R>
): void {
  app.http(route.name, httpFunction(route, handler, options));
}

/**
 * The `app.http` options of a declared route. The handler runs after, in this order: the token is
 * verified (401) and its role checked (403); params, query, headers and body are validated against
 * their schemas (one 400 naming every bad field); errors thrown anywhere become problem+json.
 */
export function httpFunction<R extends RouteDeclaration>(
  route: R,
  handler: RouteHandler<R>,
  options: RouteOptions = {},
): HttpFunctionOptions {
  checkRoute(route);
  const authenticate = authenticator(route, options.verifier);
  return {
    methods: [route.method],
    route: route.route,
    authLevel: 'anonymous',
    ...(options.extraInputs ? { extraInputs: options.extraInputs } : {}),
    handler: handle(async (request, context) => {
      const principal = await authenticate(request);
      const input = await validatedInput(route, request);
      const reply = await handler({ ...input, principal, request, context } as RouteInput<R>);
      return toResponse(reply);
    }),
  };
}

/** The caller of a route: nobody for public routes; a verified token (with the role) for the others. */
function authenticator(
  route: RouteDeclaration,
  verifier: TokenVerifier | undefined,
): (request: HttpRequest) => Promise<Principal | undefined> {
  if (route.auth === 'public') return async () => undefined;
  if (!verifier) {
    throw new Error(
      `Route "${route.name}" is for ${route.auth} callers: registering it needs a token verifier`,
    );
  }
  if (route.auth === 'optional') {
    return async (request) =>
      request.headers.get('authorization') === null ? undefined : verifier.verifyRequest(request);
  }
  const role = route.auth === 'staff' ? 'staff' : undefined;
  return async (request) => {
    const principal = await verifier.verifyRequest(request);
    if (role) requireRole(principal, role);
    return principal;
  };
}

async function validatedInput(
  route: RouteDeclaration,
  request: HttpRequest,
): Promise<Pick<RouteInput<RouteDeclaration>, 'params' | 'query' | 'headers' | 'body'>> {
  const fields: FieldError[] = [];
  const details: Array<string | undefined> = [];
  const check = (schema: InputSchema | undefined, value: () => unknown, root: string): unknown => {
    if (!schema) return undefined;
    const result = schema.safeParse(value());
    if (result.success) return result.data;
    fields.push(...fieldErrorsFrom(result.error.issues, root));
    details.push(undefined);
    return undefined;
  };
  const params = check(route.params, () => ({ ...request.params }), '(params)');
  const query = check(route.query, () => queryObject(request.query, route.query), '(query)');
  const headers = check(route.headers, () => Object.fromEntries(request.headers), '(headers)');
  let body: unknown;
  if (route.body) {
    const result = await parseJsonBody(request, route.body);
    if (result.ok) body = result.data;
    else {
      fields.push(...result.fields);
      details.push(result.detail);
    }
  }
  // One input wrong: its own detail (e.g. "not valid JSON"); several: the general one.
  if (fields.length > 0) throw badRequest(fields, details.length === 1 ? details[0] : undefined);
  return { params, query, headers, body } as Pick<
    RouteInput<RouteDeclaration>,
    'params' | 'query' | 'headers' | 'body'
  >;
}

/** `?a=1&b=2&b=3` → `{ a: '1', b: ['2', '3'] }`: a repeated name is a list. */
/**
 * The query as the schema reads it: every value of a parameter declared as an array (`getAll()`),
 * else its first value, as `request.query.get()` reads it (`?date=a&date=b` is `a`).
 */
function queryObject(
  query: URLSearchParams,
  schema: InputSchema | undefined,
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys()))
    values[key] = declaresArray(schema?.shape[key]) ? query.getAll(key) : (query.get(key) ?? '');
  return values;
}

function declaresArray(field: z.core.$ZodType | undefined): boolean {
  let type = field?._zod.def;
  while (type && (type.type === 'optional' || type.type === 'nullable' || type.type === 'default'))
    type = (type as unknown as { innerType: z.core.$ZodType }).innerType._zod.def;
  return type?.type === 'array';
}

function toResponse(reply: {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  cookies?: Cookie[];
}): HttpResponseInit {
  const cookies = reply.cookies ? { cookies: reply.cookies } : {};
  if (reply.body === undefined) return { status: reply.status, headers: { ...reply.headers }, ...cookies };
  return { ...json(reply.status, reply.body, reply.headers), ...cookies };
}

/** `menu/items/{productId}` → `['productId']` (a constraint such as `{id:int}` or `{id?}` is dropped). */
export function templateParams(route: string): string[] {
  return [...route.matchAll(/\{([^}:?]+)[^}]*\}/g)].map((match) => match[1]);
}

/** A declaration the runtime and the document can both rely on; throws naming what is wrong. */
export function checkRoute(route: RouteDeclaration): void {
  const problems: string[] = [];
  if (/^\/|^api\//.test(route.route)) problems.push('its route must not start with "/" or the "api/" prefix');
  const inTemplate = templateParams(route.route).sort();
  const declared = Object.keys(route.params?.shape ?? {}).sort();
  if (inTemplate.join() !== declared.join()) {
    problems.push(
      `its params (${declared.join(', ') || 'none'}) must be the template's (${inTemplate.join(', ') || 'none'})`,
    );
  }
  for (const [name, schema] of Object.entries(route.params?.shape ?? {})) {
    if ((schema as z.ZodType).safeParse(undefined).success)
      problems.push(`path parameter "${name}" cannot be optional`);
  }
  for (const name of Object.keys(route.headers?.shape ?? {})) {
    if (name !== name.toLowerCase()) problems.push(`header "${name}" must be declared in lower case`);
  }
  if (route.body && (route.method === 'GET' || route.method === 'DELETE')) {
    problems.push(`a ${route.method} route takes no body`);
  }
  if (Object.keys(route.responses).length === 0) problems.push('it declares no response');
  if (problems.length > 0) throw new Error(`Route "${route.name}": ${problems.join('; ')}`);
}
