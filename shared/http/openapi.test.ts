import { z } from 'zod';
import { buildOpenApi, type RouteGroup } from './openapi';
import { defineRoute } from './route';

const options = { title: 't', version: '1.0.0', description: 'd', routePrefix: 'api' };
const thing = z.object({ id: z.string(), size: z.int() });

const list = defineRoute({
  name: 'things-list',
  method: 'GET',
  route: 'things',
  auth: 'public',
  summary: 'List things',
  responses: { 200: z.object({ things: z.array(thing) }) },
});
const mine = defineRoute({
  name: 'things-mine',
  method: 'GET',
  route: 'things/mine',
  auth: 'customer',
  summary: 'My things',
  query: z.object({ limit: z.coerce.number().int().optional().describe('At most this many') }),
  responses: { 200: z.array(thing) },
});
const put = defineRoute({
  name: 'thing-put',
  method: 'PUT',
  route: 'things/{id:int}',
  auth: 'staff',
  summary: 'Change a thing',
  description: 'Sizes only.',
  params: z.object({ id: z.string() }),
  headers: z.object({ 'if-match': z.string().optional() }),
  body: z.strictObject({ size: z.int().positive() }),
  responses: { 200: { body: thing, description: 'The thing as changed', headers: { ETag: 'Its version' } } },
  errors: { 404: 'No such thing.', 412: 'It changed meanwhile.' },
});

type Operation = Record<string, any>;
const build = (groups: RouteGroup[]) => buildOpenApi(groups, options) as Record<string, any>;
const op = (doc: Record<string, any>, path: string, method: string): Operation => doc.paths[path][method];

describe('buildOpenApi', () => {
  const doc = build([
    { service: 'things', routes: [list, mine] },
    { service: 'admin', routes: [put] },
  ]);

  it('is an OpenAPI 3.1 document with one path per template under the route prefix, tagged by service', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/api/things', '/api/things/mine', '/api/things/{id}']);
    expect(doc.tags).toEqual([{ name: 'things' }, { name: 'admin' }]);
    expect(op(doc, '/api/things/{id}', 'put')).toMatchObject({ operationId: 'thing-put', tags: ['admin'] });
  });

  it('marks who may call: no security on public routes, bearer on the others, x-bakery-role on staff routes', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const publicOp = op(doc, '/api/things', 'get');
    const customerOp = op(doc, '/api/things/mine', 'get');
    const staffOp = op(doc, '/api/things/{id}', 'put');
    expect(publicOp.security).toEqual([]);
    expect(customerOp.security).toEqual([{ bearerAuth: [] }]);
    expect(staffOp.security).toEqual([{ bearerAuth: [] }]);
    expect(publicOp).not.toHaveProperty('x-bakery-role');
    expect(customerOp).not.toHaveProperty('x-bakery-role');
    expect(staffOp['x-bakery-role']).toBe('staff');
    expect(staffOp.description).toBe(
      'Sizes only.\n\nNeeds `Authorization: Bearer <accessToken>` of a user with the `staff` role.',
    );
  });

  it('answers problem+json for errors: 400 with input, 401 with a token, 403 with a role, declared ones, default', () => {
    expect(Object.keys(op(doc, '/api/things', 'get').responses)).toEqual(['200', 'default']);
    expect(Object.keys(op(doc, '/api/things/mine', 'get').responses)).toEqual([
      '200',
      '400',
      '401',
      'default',
    ]);
    const responses = op(doc, '/api/things/{id}', 'put').responses;
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '412', 'default']);
    expect(responses['404']).toEqual({
      description: 'No such thing.',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(doc.components.responses.Unauthorized.headers).toHaveProperty('WWW-Authenticate');
    expect(doc.components.schemas.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: { errors: { type: 'array' } },
    });
  });

  it('describes parameters, the body as accepted and the response as answered', () => {
    const staffOp = op(doc, '/api/things/{id}', 'put');
    expect(staffOp.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } },
    ]);
    expect(op(doc, '/api/things/mine', 'get').parameters).toEqual([
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'At most this many',
        schema: { type: 'integer' },
      },
    ]);
    expect(staffOp.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { size: { type: 'integer', exclusiveMinimum: 0 } },
            required: ['size'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(staffOp.responses['200']).toMatchObject({
      description: 'The thing as changed',
      headers: { ETag: { description: 'Its version', schema: { type: 'string' } } },
      content: { 'application/json': { schema: { type: 'object', required: ['id', 'size'] } } },
    });
    expect(op(doc, '/api/things', 'get').responses['200'].description).toBe('OK');
  });

  it('lifts schemas with an id into components and refuses one id for two schemas', () => {
    const money = z.object({ amount: z.int() }).meta({ id: 'Money' });
    const priced = defineRoute({
      ...list,
      name: 'priced',
      route: 'priced',
      responses: { 200: z.object({ price: money }) },
    });
    const lifted = build([{ service: 's', routes: [priced] }]);
    expect(lifted.components.schemas.Money).toMatchObject({ type: 'object' });
    expect(op(lifted, '/api/priced', 'get').responses['200'].content['application/json'].schema).toEqual({
      type: 'object',
      properties: { price: { $ref: '#/components/schemas/Money' } },
      required: ['price'],
      additionalProperties: false,
    });
    const other = z.object({ cents: z.int() }).meta({ id: 'Money' });
    const clash = defineRoute({
      ...list,
      name: 'clash',
      route: 'clash',
      responses: { 200: z.object({ price: other }) },
    });
    expect(() => build([{ service: 's', routes: [priced, clash] }])).toThrow(
      /"Money" describes two different/,
    );
  });

  it('refuses two routes with one name, or two for one method and path', () => {
    expect(() =>
      build([
        { service: 'a', routes: [list] },
        { service: 'b', routes: [list] },
      ]),
    ).toThrow(/Two routes are named "things-list"/);
    const again = { ...list, name: 'things-again' };
    expect(() => build([{ service: 'a', routes: [list, again] }])).toThrow(
      /Two routes answer GET \/api\/things/,
    );
  });
});
