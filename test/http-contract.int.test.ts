import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { generateOpenApiFile, httpRouteGroups } from '../functions/http-routes';
import { loadBakeryConfig } from '../shared/config';
import { createBakeryEvent, toMessage, topicOf } from '../shared/events';
import type { RouteDeclaration } from '../shared/http';
import { problemSchema } from '../shared/http/openapi';
import { templateParams } from '../shared/http/route';
import { MINUTE, OPENING, startBakery, type Bakery } from './support/bakery-harness';
import { http, repoRoot } from './support/runtime-harness';

/**
 * The HTTP contract against the real app: every HTTP function the app registers is a declared
 * route (and the other way round), and real answers — successes and problems — are exactly what the
 * declarations (hence docs/openapi.json) say: a body that parses and loses nothing in the parse.
 */
jest.setTimeout(60_000);

const bakeryConfig = loadBakeryConfig(`${repoRoot}/bakery.config.json`);
const routes = httpRouteGroups(bakeryConfig).flatMap((group) => group.routes);
const document = JSON.parse(generateOpenApiFile(repoRoot).content) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

function routeFor(method: string, path: string): RouteDeclaration {
  const found = routes.find((route) => {
    const pattern = route.route.replace(/\{[^}]+\}/g, '[^/]+');
    return route.method === method && new RegExp(`^/api/${pattern}$`).test(path.split('?')[0]);
  });
  if (!found) throw new Error(`No declared route answers ${method} ${path}`);
  return found;
}

let bakery: Bakery;
const staff = async () => ({ authorization: `Bearer ${await bakery.staffToken()}` });

/** Calls the app and checks the answer against the route's declaration; returns the body. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await http(bakery.runtime.baseUrl, method, path, body, headers);
  await bakery.runtime.idle();
  const route = routeFor(method, path);
  const declared = route.responses[res.status as keyof typeof route.responses];
  if (res.status < 400) {
    if (!declared) throw new Error(`${route.name} answered ${res.status}, which it does not declare`);
    const spec = 'safeParse' in declared ? { body: declared, headers: undefined } : declared;
    expect(res.headers.get('content-type')).toBe('application/json');
    expectExactly(spec.body, res.json, `${route.name} ${res.status}`);
    for (const name of Object.keys(spec.headers ?? {})) expect(res.headers.get(name)).not.toBeNull();
  } else {
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expectExactly(problemSchema, res.json, `${route.name} ${res.status}`);
    const openApiPath = `/api/${route.route}`;
    const documented = document.paths[openApiPath][route.method.toLowerCase()].responses;
    if (res.status < 500) expect(Object.keys(documented)).toContain(String(res.status));
  }
  return res;
}

/** Parses and compares: a field the schema does not know is stripped by the parse and shows here. */
function expectExactly(schema: z.ZodType, value: unknown, what: string) {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${what}: ${JSON.stringify(parsed.error.issues)}\n${JSON.stringify(value)}`);
  }
  expect(parsed.data).toEqual(value);
}

beforeAll(async () => {
  // Every service the app has, on a morning with bakes, stock and a reservation.
  bakery = await startBakery({ startAt: OPENING - MINUTE });
  await bakery.runtime.clock.advanceTo(OPENING + 35 * MINUTE);
  await bakery.runtime.idle();
  const placed = createBakeryEvent(
    'bakery.order.placed.v1',
    {
      orderId: randomUUID(),
      userId: 'customer-1',
      lines: [{ productId: 'bread', quantity: 2 }],
      placedAt: new Date(bakery.runtime.clock.now()).toISOString(),
    },
    { clock: bakery.runtime.clock },
  );
  await bakery.runtime.bus.send(topicOf('bakery.order.placed.v1'), toMessage(placed));
  await bakery.runtime.idle();
});
afterAll(() => bakery.stop());

describe('the registered HTTP functions', () => {
  it('are exactly the declared routes, with their methods and templates', () => {
    const registered = bakery.runtime.functions
      .filter((fn) => String(fn.trigger.type) === 'httpTrigger')
      .map((fn) => ({ name: fn.name, methods: fn.trigger['methods'], route: fn.trigger['route'] }));
    const declared = routes.map((route) => ({
      name: route.name,
      methods: [route.method],
      route: route.route,
    }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(registered.sort(byName)).toEqual(declared.sort(byName));
  });

  it('take the path parameters their templates name', () => {
    for (const route of routes) {
      expect(Object.keys(route.params?.shape ?? {}).sort()).toEqual(templateParams(route.route).sort());
    }
  });
});

describe('answers match their declarations', () => {
  it('GET /api/health', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
  });

  it('GET /api/menu, with stock on the shelves', async () => {
    const res = await call('GET', '/api/menu');
    expect(res.status).toBe(200);
    expect(res.json.items.some((item: { available: number }) => item.available > 0)).toBe(true);
  });

  it('GET and PUT /api/menu/items/{productId}', async () => {
    expect((await call('GET', '/api/menu/items/bread')).status).toBe(200);
    expect((await call('GET', '/api/menu/items/pretzel')).status).toBe(404);
    const edit = { price: { amount: 850, currency: bakeryConfig.currency } };
    expect((await call('PUT', '/api/menu/items/bread', edit)).status).toBe(401);
    const customer = { authorization: `Bearer ${await bakery.customerToken()}` };
    expect((await call('PUT', '/api/menu/items/bread', edit, customer)).status).toBe(403);
    expect((await call('PUT', '/api/menu/items/bread', { price: { amount: 0 } }, await staff())).status).toBe(
      400,
    );
    const changed = await call('PUT', '/api/menu/items/bread', edit, await staff());
    expect(changed).toMatchObject({ status: 200, json: { version: 1 } });
    const stale = await call('PUT', '/api/menu/items/bread', edit, {
      ...(await staff()),
      'if-match': '"v0"',
    });
    expect(stale.status).toBe(412);
  });

  it('GET /api/production/schedule and PUT /api/production/recipes/{productId}', async () => {
    const schedule = await call('GET', '/api/production/schedule', undefined, await staff());
    expect(schedule.json.items.some((item: { lastBakedAt: unknown }) => item.lastBakedAt !== null)).toBe(
      true,
    );
    expect((await call('PUT', '/api/production/recipes/donut', { batchSize: 2 }, await staff())).status).toBe(
      200,
    );
    expect((await call('PUT', '/api/production/recipes/donut', { batchSize: 0 }, await staff())).status).toBe(
      400,
    );
    expect(
      (await call('PUT', '/api/production/recipes/pretzel', { batchSize: 2 }, await staff())).status,
    ).toBe(404);
  });

  it('GET /api/production/report', async () => {
    const res = await call('GET', '/api/production/report?date=2026-12-01', undefined, await staff());
    expect(res.json.products.some((p: { batches: number }) => p.batches > 0)).toBe(true);
    expect((await call('GET', '/api/production/report?date=today', undefined, await staff())).status).toBe(
      400,
    );
  });

  it('GET /api/products/shelves, with a reserved item', async () => {
    const res = await call('GET', '/api/products/shelves', undefined, await staff());
    const bread = res.json.shelves.find((shelf: { productId: string }) => shelf.productId === 'bread');
    expect(bread.items.filter((item: { orderId?: string }) => item.orderId !== undefined)).toHaveLength(2);
  });

  it('GET /api/users/me, for the customer whose order was placed', async () => {
    expect((await call('GET', '/api/users/me')).status).toBe(401);
    const customer = { authorization: `Bearer ${await bakery.customerToken()}` };
    const res = await call('GET', '/api/users/me', undefined, customer);
    expect(res.json.orders).toMatchObject({ count: 1, last: { status: 'placed' } });
    const stranger = { authorization: `Bearer ${await bakery.customerToken('customer-2')}` };
    expect((await call('GET', '/api/users/me', undefined, stranger)).status).toBe(404);
  });

  it('GET /api/products/report', async () => {
    const res = await call('GET', '/api/products/report?date=2026-12-01', undefined, await staff());
    expect(res.json.products.some((row: { baked: number }) => row.baked > 0)).toBe(true);
    expect((await call('GET', '/api/products/report?date=today', undefined, await staff())).status).toBe(400);
  });
});
