/**
 * Every HTTP route the app can serve, by service, as declared next to its handler — without
 * registering anything, so the OpenAPI generator and its drift test run without Azure or the
 * runtime. A service with HTTP routes exports `httpRoutes(bakery)` from its index.ts and is listed
 * here; test/http-contract.int.test.ts fails if the app registers a route not listed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBakeryConfig, type BakeryConfig } from '../shared/config';
import type { GeneratedFile } from '../shared/events/generated-files';
import type { RouteDeclaration } from '../shared/http';
import { buildOpenApi, type OpenApiOptions, type RouteGroup } from '../shared/http/openapi';
import * as auth from './auth';
import * as bank from './bank';
import * as health from './health';
import * as live from './live';
import * as menu from './menu';
import * as production from './production';
import * as pos from './pos';
import * as products from './products';
import * as sales from './sales';
import * as users from './users';

type Declared = (bakery: BakeryConfig) => Record<string, RouteDeclaration>;

const services: Record<string, Declared> = {
  health: health.httpRoutes,
  live: live.httpRoutes,
  menu: menu.httpRoutes,
  production: production.httpRoutes,
  products: products.httpRoutes,
  users: users.httpRoutes,
  auth: auth.httpRoutes,
  bank: bank.httpRoutes,
  sales: sales.httpRoutes,
  pos: pos.httpRoutes,
};

export function httpRouteGroups(bakery: BakeryConfig): RouteGroup[] {
  return Object.entries(services).map(([service, routes]) => ({
    service,
    routes: Object.values(routes(bakery)),
  }));
}

/** Bump when the HTTP contract changes in a way clients must notice. */
export const HTTP_API_VERSION = '1.0.0';

export const OPENAPI_INFO: Omit<OpenApiOptions, 'routePrefix'> = {
  title: 'bakery HTTP API',
  version: HTTP_API_VERSION,
  description:
    "The bakery's public HTTP API (see ../shared/api.md). Generated from the route declarations next to each handler (functions/<service>/*.http.ts, listed in functions/http-routes.ts) by `npm run gen:openapi`; do not edit. Errors are RFC 9457 application/problem+json with a stable `code`.",
  servers: [
    { url: 'http://localhost:7071', description: 'The local runtime (`npm start`)' },
    {
      url: 'https://{host}',
      description: 'A Function App in Azure',
      variables: {
        host: { default: 'bakery.azurewebsites.net', description: "The Function App's host name" },
      },
    },
  ],
};

/**
 * docs/openapi.json as `npm run gen:openapi` writes it and the drift test expects it: the routes
 * as declared for the repository's bakery.config.json, under host.json's route prefix.
 */
export function generateOpenApiFile(root: string): GeneratedFile {
  const bakery = loadBakeryConfig(join(root, 'bakery.config.json'));
  const host = JSON.parse(readFileSync(join(root, 'host.json'), 'utf8')) as {
    extensions?: { http?: { routePrefix?: string } };
  };
  // The Functions host's default prefix is `api` too.
  const routePrefix = host.extensions?.http?.routePrefix ?? 'api';
  const document = buildOpenApi(httpRouteGroups(bakery), { ...OPENAPI_INFO, routePrefix });
  return { path: 'docs/openapi.json', content: `${JSON.stringify(document, null, 2)}\n` };
}
