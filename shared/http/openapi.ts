import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem';
import {
  checkRoute,
  templateParams,
  type InputSchema,
  type RouteDeclaration,
  type ResponseSpec,
  type RouteResponse,
} from './route';

type Json = Record<string, unknown>;

/** One service's declared routes; the service names the document's tag. */
export interface RouteGroup {
  service: string;
  routes: readonly RouteDeclaration[];
}

export interface OpenApiOptions {
  title: string;
  version: string;
  description: string;
  /** host.json's `extensions.http.routePrefix`, e.g. `api`. */
  routePrefix: string;
  servers?: Json[];
}

/** RFC 9457 problem details as the bakery answers them (see problem.ts), for the document and tests. */
export const problemSchema = z
  .object({
    type: z.string().describe('`urn:bakery:problem:<code in kebab case>`'),
    title: z.string().describe('The HTTP status text'),
    status: z.int().min(400).max(599),
    detail: z.string().describe('What went wrong, for people; generic for 5xx'),
    code: z
      .string()
      .regex(/^BAKERY_[A-Z0-9_]+$/)
      .describe('Stable machine-readable code, e.g. `BAKERY_OUT_OF_STOCK`'),
    instance: z.string().optional().describe('The request path'),
    errors: z
      .array(
        z.object({
          field: z
            .string()
            .describe('The offending field, e.g. `lines[0].quantity`; `(body)` for the body as a whole'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('400 only: every offending field'),
  })
  .describe("RFC 9457 problem details with the bakery's stable `code` and, for 400s, the offending fields");

const BEARER = 'bearerAuth';

/**
 * The OpenAPI 3.1 document of the declared routes: request schemas as the handlers accept them
 * (zod `input`), responses as they answer (`output`), bearer security on `customer` and `staff`
 * routes, `x-bakery-role: staff` on staff routes, and problem+json for every error response.
 */
export function buildOpenApi(groups: readonly RouteGroup[], options: OpenApiOptions): Json {
  const components = new Components();
  const paths: Record<string, Json> = {};
  const names = new Set<string>();
  const prefix = options.routePrefix.replace(/^\/+|\/+$/g, '');
  for (const { service, routes } of groups) {
    for (const route of routes) {
      checkRoute(route);
      if (names.has(route.name)) throw new Error(`Two routes are named "${route.name}"`);
      names.add(route.name);
      const path = `/${[prefix, openApiPath(route.route)].filter(Boolean).join('/')}`;
      const item = (paths[path] ??= {});
      const method = route.method.toLowerCase();
      if (item[method]) throw new Error(`Two routes answer ${route.method} ${path}`);
      item[method] = operation(service, route, components);
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    ...(options.servers ? { servers: options.servers } : {}),
    tags: [...new Set(groups.map((group) => group.service))].map((name) => ({ name })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    components: {
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token from POST /api/auth/token. Routes marked `x-bakery-role: staff` also need the `staff` role.',
        },
      },
      schemas: { Problem: components.schema(problemSchema, 'output'), ...components.lifted() },
      responses: {
        BadRequest: problem('The input is not valid: `errors` names every offending field.'),
        Unauthorized: {
          ...problem('No bearer token, or one that cannot be verified.'),
          headers: {
            'WWW-Authenticate': { description: '`Bearer realm="bakery"`', schema: { type: 'string' } },
          },
        },
        Forbidden: problem('The token does not carry the role this route needs.'),
        Error: problem('Any other error, e.g. 500 or 503 (a dependency is not answering; retry later).'),
      },
    },
  };
}

function operation(service: string, route: RouteDeclaration, components: Components): Json {
  const parameters = [
    ...parametersOf(route.params, 'path', components),
    ...parametersOf(route.query, 'query', components),
    ...parametersOf(route.headers, 'header', components),
  ];
  const responses: Json = {};
  for (const [status, response] of Object.entries<RouteResponse>(route.responses)) {
    responses[status] = successResponse(Number(status), response, components);
  }
  const hasInput = Boolean(route.params || route.query || route.headers || route.body);
  if (hasInput) responses['400'] = { $ref: '#/components/responses/BadRequest' };
  if (route.auth !== 'public') responses['401'] = { $ref: '#/components/responses/Unauthorized' };
  if (route.auth === 'staff') responses['403'] = { $ref: '#/components/responses/Forbidden' };
  for (const [status, when] of Object.entries(route.errors ?? {})) responses[status] = problem(when);
  responses['default'] = { $ref: '#/components/responses/Error' };
  return {
    operationId: route.name,
    tags: [service],
    summary: route.summary,
    description: [route.description, AUTH_NOTE[route.auth]].filter(Boolean).join('\n\n'),
    // OpenAPI's way to say "a token or none": the empty requirement is one of the alternatives.
    security:
      route.auth === 'public' ? [] : route.auth === 'optional' ? [{}, { [BEARER]: [] }] : [{ [BEARER]: [] }],
    ...(route.auth === 'staff' ? { 'x-bakery-role': 'staff' } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: components.schema(route.body, 'input') } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(responses).sort(([a], [b]) =>
        a === 'default' ? 1 : b === 'default' ? -1 : Number(a) - Number(b),
      ),
    ),
  };
}

const AUTH_NOTE: Record<RouteDeclaration['auth'], string> = {
  public: 'Public: no token needed.',
  optional:
    'Public; with `Authorization: Bearer <accessToken>` (verified when sent) the answer is for that user.',
  customer: 'Needs `Authorization: Bearer <accessToken>`.',
  staff: 'Needs `Authorization: Bearer <accessToken>` of a user with the `staff` role.',
};

function parametersOf(
  schema: InputSchema | undefined,
  where: 'path' | 'query' | 'header',
  components: Components,
): Json[] {
  if (!schema) return [];
  const object = components.schema(schema, 'input');
  const properties = (object['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name: where === 'header' ? headerName(name) : name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function successResponse(status: number, response: RouteResponse, components: Components): Json {
  const spec: ResponseSpec = 'safeParse' in response ? { body: response } : response;
  return {
    description: spec.description ?? STATUS_CODES[status] ?? String(status),
    ...(spec.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(spec.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'string' } },
            ]),
          ),
        }
      : {}),
    // 204 and 302 answer no body.
    ...(status === 204 || status === 302
      ? {}
      : { content: { 'application/json': { schema: components.schema(spec.body, 'output') } } }),
  };
}

function problem(description: string): Json {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** `menu/items/{productId:int}` → `menu/items/{productId}`. */
function openApiPath(route: string): string {
  let path = route;
  for (const name of templateParams(route))
    path = path.replace(new RegExp(`\\{${name}[^}]*\\}`), `{${name}}`);
  return path;
}

/** `if-match` → `If-Match`. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_all, dash: string, letter: string) => dash + letter.toUpperCase());
}

/**
 * JSON Schema (2020-12, OpenAPI 3.1's dialect) of zod schemas. A schema given an id
 * (`.meta({ id })`) is lifted into components.schemas and referenced; the same id must not
 * describe two different things (e.g. a request's and a response's view of one schema).
 */
class Components {
  private readonly schemas = new Map<string, string>();

  schema(schema: z.ZodType, io: 'input' | 'output'): Json {
    const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', override: plainer }) as Json;
    const { $schema: _dialect, $defs, ...rest } = generated;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, Json>)) {
      const text = JSON.stringify(relink(definition));
      const seen = this.schemas.get(id);
      if (seen !== undefined && seen !== text)
        throw new Error(`Schema id "${id}" describes two different schemas`);
      this.schemas.set(id, text);
    }
    return relink(rest) as Json;
  }

  lifted(): Record<string, Json> {
    return Object.fromEntries(
      [...this.schemas]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, text]) => [id, JSON.parse(text) as Json]),
    );
  }
}

const FORMATS_WITH_PATTERN = new Set(['date', 'date-time', 'time', 'email', 'uuid', 'uri']);

/** Leaves out what says nothing to a reader: the regex behind a named format, the safe-integer bounds. */
function plainer({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void {
  if (typeof jsonSchema['format'] === 'string' && FORMATS_WITH_PATTERN.has(jsonSchema['format'])) {
    delete jsonSchema['pattern'];
  }
  if (jsonSchema['minimum'] === Number.MIN_SAFE_INTEGER) delete jsonSchema['minimum'];
  if (jsonSchema['maximum'] === Number.MAX_SAFE_INTEGER) delete jsonSchema['maximum'];
}

function relink(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
}
