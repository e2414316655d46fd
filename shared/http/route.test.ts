import { HttpRequest, HttpResponse, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import type { Principal, TokenVerifier } from '../auth';
import { unauthorized } from '../errors';
import { defineRoute, httpFunction, type RouteHandler, type RouteInput } from './route';

/** A verifier that knows two tokens: `staff` and `customer`. */
const verifier: TokenVerifier = {
  verify: async (authorization) => {
    const token = authorization?.replace(/^Bearer /, '');
    if (token === 'staff') return { userId: 'sam', name: 'Sam', roles: ['staff'] };
    if (token === 'customer') return { userId: 'cat', name: 'Cat', roles: [] };
    throw unauthorized('The bearer token is malformed.');
  },
  verifyRequest: (request) => verifier.verify(request.headers.get('authorization')),
};

const putThing = defineRoute({
  name: 'thing-put',
  method: 'PUT',
  route: 'things/{thingId}',
  auth: 'staff',
  summary: 'Change a thing',
  params: z.object({ thingId: z.string().regex(/^[a-z]+$/, 'must be lower-case letters') }),
  query: z.object({ dryRun: z.enum(['true', 'false']).optional(), tag: z.array(z.string()).optional() }),
  headers: z.object({ 'if-match': z.string().optional() }),
  body: z.strictObject({ size: z.int().positive() }),
  responses: {
    200: z.object({ thingId: z.string(), size: z.int() }),
    202: z.object({ queued: z.boolean() }),
  },
});

const getPublic = defineRoute({
  name: 'things-get',
  method: 'GET',
  route: 'things',
  auth: 'public',
  summary: 'List things',
  responses: { 200: z.object({ things: z.array(z.string()) }) },
});

function request(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
): HttpRequest {
  return new HttpRequest({
    method,
    url: `http://localhost/api/${path}`,
    ...(options.body === undefined ? {} : { body: { string: options.body } }),
    headers: options.headers ?? {},
    params: options.params ?? {},
  });
}

async function call(options: ReturnType<typeof httpFunction>, req: HttpRequest) {
  const quiet = new InvocationContext({ logHandler: () => undefined });
  const init: HttpResponseInit = await options.handler(req, quiet);
  const response = new HttpResponse(init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined,
  };
}

const staff = { authorization: 'Bearer staff' };

describe('httpFunction', () => {
  let seen: RouteInput<typeof putThing> | undefined;
  const handler: RouteHandler<typeof putThing> = async (input) => {
    seen = input;
    return input.query.dryRun === 'true'
      ? { status: 202, body: { queued: true } }
      : {
          status: 200,
          body: { thingId: input.params.thingId, size: input.body.size },
          headers: { etag: '"v1"' },
        };
  };
  const put = httpFunction(putThing, handler, { verifier });
  beforeEach(() => (seen = undefined));

  it('gives app.http the method, the route and anonymous auth level (the route checks tokens itself)', () => {
    expect(put).toMatchObject({ methods: ['PUT'], route: 'things/{thingId}', authLevel: 'anonymous' });
    expect(httpFunction(getPublic, async () => ({ status: 200, body: { things: [] } }))).not.toHaveProperty(
      'extraInputs',
    );
  });

  it('calls the handler with the validated input and the caller, and answers its reply as JSON', async () => {
    const res = await call(
      put,
      request('PUT', 'things/box?tag=a&tag=b', {
        body: '{"size":3}',
        headers: { ...staff, 'if-match': '"v0"' },
        params: { thingId: 'box' },
      }),
    );
    expect(res).toMatchObject({ status: 200, body: { thingId: 'box', size: 3 } });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(seen).toMatchObject({
      params: { thingId: 'box' },
      query: { tag: ['a', 'b'] },
      headers: { 'if-match': '"v0"' },
      body: { size: 3 },
      principal: { userId: 'sam', roles: ['staff'] } satisfies Partial<Principal>,
    });
    const queued = await call(
      put,
      request('PUT', 'things/box?dryRun=true', {
        body: '{"size":3}',
        headers: staff,
        params: { thingId: 'box' },
      }),
    );
    expect(queued).toMatchObject({ status: 202, body: { queued: true } });
  });

  it('checks the token before the input: 401 without one, 403 without the role', async () => {
    const bad = { body: 'not json', params: { thingId: 'BOX' } };
    const none = await call(put, request('PUT', 'things/BOX', bad));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="bakery"');
    const customer = await call(
      put,
      request('PUT', 'things/BOX', { ...bad, headers: { authorization: 'Bearer customer' } }),
    );
    expect(customer).toMatchObject({ status: 403, body: { code: 'BAKERY_FORBIDDEN' } });
    expect(seen).toBeUndefined();
  });

  it('answers one 400 naming every bad field of params, query and body, without calling the handler', async () => {
    const res = await call(
      put,
      request('PUT', 'things/BOX?dryRun=maybe', {
        body: '{"size":0,"colour":"red"}',
        headers: staff,
        params: { thingId: 'BOX' },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'BAKERY_INVALID_REQUEST',
      detail: 'The request is not valid.',
      instance: '/api/things/BOX',
    });
    expect(res.body!['errors']).toEqual([
      { field: 'thingId', message: 'must be lower-case letters' },
      { field: 'dryRun', message: expect.any(String) },
      { field: 'size', message: expect.any(String) },
      { field: 'colour', message: 'Unknown field.' },
    ]);
    expect(seen).toBeUndefined();
  });

  it('keeps the wording of readJson when only the body is wrong', async () => {
    const notJson = await call(
      put,
      request('PUT', 'things/box', { body: '{"size":', headers: staff, params: { thingId: 'box' } }),
    );
    expect(notJson.body).toMatchObject({
      status: 400,
      detail: 'The request body is not valid JSON.',
      errors: [{ field: '(body)', message: expect.stringMatching(/^Not valid JSON: /) }],
    });
    const empty = await call(
      put,
      request('PUT', 'things/box', { headers: staff, params: { thingId: 'box' } }),
    );
    expect(empty.body).toMatchObject({
      detail: 'The request body is empty.',
      errors: [{ field: '(body)', message: 'A JSON body is required.' }],
    });
  });

  it('turns what the handler throws into a problem', async () => {
    const failing = httpFunction(getPublic, async () => {
      throw new Error('disk on fire');
    });
    const res = await call(failing, request('GET', 'things'));
    expect(res).toMatchObject({ status: 500, body: { code: 'BAKERY_INTERNAL' } });
  });

  it('refuses to register a protected route without a verifier', () => {
    expect(() => httpFunction(putThing, handler)).toThrow(/thing-put.*needs a token verifier/);
  });
});

describe('defineRoute', () => {
  const base = {
    name: 'x',
    method: 'GET',
    auth: 'public',
    summary: 's',
    responses: { 200: z.object({}) },
  } as const;

  it('refuses params other than the template names', () => {
    expect(() => defineRoute({ ...base, route: 'x/{id}' })).toThrow(
      /params \(none\) must be the template's \(id\)/,
    );
    expect(() => defineRoute({ ...base, route: 'x', params: z.object({ id: z.string() }) })).toThrow(
      /params \(id\) must be the template's \(none\)/,
    );
    expect(() =>
      defineRoute({ ...base, route: 'x/{id?}', params: z.object({ id: z.string().optional() }) }),
    ).toThrow(/path parameter "id" cannot be optional/);
    expect(defineRoute({ ...base, route: 'x/{id:int}', params: z.object({ id: z.string() }) }).route).toBe(
      'x/{id:int}',
    );
  });

  it('refuses a prefixed route, upper-case header names, a GET body and no response', () => {
    expect(() => defineRoute({ ...base, route: 'api/x' })).toThrow(/must not start with/);
    expect(() => defineRoute({ ...base, route: 'x', headers: z.object({ 'If-Match': z.string() }) })).toThrow(
      /lower case/,
    );
    expect(() => defineRoute({ ...base, route: 'x', body: z.object({}) })).toThrow(/takes no body/);
    expect(() => defineRoute({ ...base, route: 'x', responses: {} })).toThrow(/declares no response/);
  });
});
