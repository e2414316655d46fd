import { HttpRequest, HttpResponse, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { BakeryError, notFound, unauthorized, unavailable } from '../errors';
import { handle, json, readJson } from './index';

const Deposit = z.object({ amount: z.int().positive(), note: z.string().optional() }).strict();
const Order = z.object({
  lines: z.array(z.object({ productId: z.string(), quantity: z.int().positive() })).min(1),
});

function post(body: string | undefined, url = 'http://localhost/api/bank/accounts/me/deposits'): HttpRequest {
  return new HttpRequest({ method: 'POST', url, ...(body === undefined ? {} : { body: { string: body } }) });
}

function recordingContext(): {
  context: InvocationContext;
  logged: Array<{ level: string; args: unknown[] }>;
} {
  const logged: Array<{ level: string; args: unknown[] }> = [];
  const context = new InvocationContext({ logHandler: (level, ...args) => logged.push({ level, args }) });
  return { context, logged };
}

/** What a client sees: status, headers and the parsed body, through the real HttpResponse. */
async function asClient(init: HttpResponseInit) {
  const response = new HttpResponse(init);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    response,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const depositHandler = handle(async (request) => json(201, await readJson(request, Deposit)));

describe('readJson through handle', () => {
  it('returns the parsed body when it matches the schema', async () => {
    const client = await asClient(await depositHandler(post('{"amount":500}'), recordingContext().context));
    expect(client).toMatchObject({ status: 201, contentType: 'application/json', body: { amount: 500 } });
  });

  it('answers a 400 problem for a body that is not JSON', async () => {
    const client = await asClient(await depositHandler(post('{"amount":'), recordingContext().context));
    expect(client.status).toBe(400);
    expect(client.contentType).toBe('application/problem+json');
    expect(client.body).toMatchObject({
      type: 'urn:bakery:problem:invalid-request',
      title: 'Bad Request',
      status: 400,
      code: 'BAKERY_INVALID_REQUEST',
      detail: 'The request body is not valid JSON.',
      instance: '/api/bank/accounts/me/deposits',
    });
    expect(client.body.errors).toEqual([
      { field: '(body)', message: expect.stringMatching(/^Not valid JSON: /) },
    ]);
  });

  it('answers a 400 for an empty body', async () => {
    const client = await asClient(await depositHandler(post(undefined), recordingContext().context));
    expect(client.body).toMatchObject({
      status: 400,
      errors: [{ field: '(body)', message: 'A JSON body is required.' }],
    });
  });

  it('names every offending field, including nested array items and unknown fields', async () => {
    const badAmount = await asClient(
      await depositHandler(post('{"amount":-5,"bonus":1}'), recordingContext().context),
    );
    expect(badAmount.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'amount', message: expect.stringContaining('>0') },
        { field: 'bonus', message: 'Unknown field.' },
      ]),
    );
    const orderHandler = handle(async (request) => json(202, await readJson(request, Order)));
    const badLine = await asClient(
      await orderHandler(
        post('{"lines":[{"productId":"bread","quantity":1},{"productId":"donut","quantity":0}]}'),
        recordingContext().context,
      ),
    );
    expect(badLine.body.errors).toEqual([{ field: 'lines[1].quantity', message: expect.any(String) }]);
  });

  it('reports a wrong root type against the body itself', async () => {
    const client = await asClient(await depositHandler(post('[1,2]'), recordingContext().context));
    expect(client.body.errors).toEqual([
      { field: '(body)', message: expect.stringContaining('expected object') },
    ]);
  });
});

describe('handle', () => {
  it('passes a successful response through untouched', async () => {
    const ok = handle(async () => json(200, { hello: 'bakery' }, { 'cache-control': 'no-store' }));
    const client = await asClient(await ok(post('{}'), recordingContext().context));
    expect(client.body).toEqual({ hello: 'bakery' });
    expect(client.response.headers.get('cache-control')).toBe('no-store');
  });

  it('turns a thrown BakeryError into its problem without logging an error', async () => {
    const { context, logged } = recordingContext();
    const client = await asClient(
      await handle(async () => {
        throw notFound('Order 42');
      })(post('{}', 'http://localhost/api/orders/42'), context),
    );
    expect(client.body).toEqual({
      type: 'urn:bakery:problem:not-found',
      title: 'Not Found',
      status: 404,
      code: 'BAKERY_NOT_FOUND',
      detail: 'Order 42 was not found.',
      instance: '/api/orders/42',
    });
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('keeps a service-specific code and status', async () => {
    const outOfStock = new BakeryError({
      code: 'BAKERY_OUT_OF_STOCK',
      status: 409,
      message: 'Only 2 donuts left.',
    });
    const client = await asClient(
      await handle(async () => {
        throw outOfStock;
      })(post('{}'), recordingContext().context),
    );
    expect(client.body).toMatchObject({
      status: 409,
      code: 'BAKERY_OUT_OF_STOCK',
      type: 'urn:bakery:problem:out-of-stock',
      detail: 'Only 2 donuts left.',
    });
  });

  it('asks for a bearer token on 401', async () => {
    const client = await asClient(
      await handle(async () => {
        throw unauthorized('The access token has expired.');
      })(post('{}'), recordingContext().context),
    );
    expect(client.status).toBe(401);
    expect(client.response.headers.get('www-authenticate')).toBe('Bearer realm="bakery"');
  });

  it('answers an unknown error with a generic 500 and logs the real one', async () => {
    const { context, logged } = recordingContext();
    const secret = new Error('connect ECONNREFUSED cosmos-prod.internal:443 key=abc123');
    const client = await asClient(
      await handle(async () => {
        throw secret;
      })(post('{}'), context),
    );
    expect(client.status).toBe(500);
    expect(client.body).toMatchObject({
      status: 500,
      code: 'BAKERY_INTERNAL',
      title: 'Internal Server Error',
    });
    expect(JSON.stringify(client.body)).not.toMatch(/ECONNREFUSED|cosmos-prod|abc123/);
    expect(logged).toEqual([{ level: 'error', args: [expect.stringContaining('BAKERY_INTERNAL'), secret] }]);
  });

  it('sends Retry-After when the error says when to retry, and not otherwise', async () => {
    const answer = (error: BakeryError) =>
      handle(async () => {
        throw error;
      })(post('{}'), recordingContext().context).then(asClient);
    const later = await answer(unavailable('JWKS endpoint down', undefined, 30));
    expect(later.status).toBe(503);
    expect(later.response.headers.get('retry-after')).toBe('30');
    expect(later.contentType).toBe('application/problem+json');
    expect(later.body).not.toHaveProperty('retryAfterSeconds');
    const never = await answer(unavailable('Sign-in is not configured.'));
    expect(never.status).toBe(503);
    expect(never.response.headers.has('retry-after')).toBe(false);
  });

  it('hides the message and fields of a 5xx BakeryError but keeps its code', async () => {
    const { context, logged } = recordingContext();
    const down = new BakeryError({
      code: 'BAKERY_UNAVAILABLE',
      status: 503,
      message: 'Service Bus namespace sb-x is throttling',
      fields: [{ field: 'x', message: 'y' }],
    });
    const client = await asClient(
      await handle(async () => {
        throw down;
      })(post('{}'), context),
    );
    expect(client.body).toEqual(
      expect.objectContaining({ status: 503, code: 'BAKERY_UNAVAILABLE', title: 'Service Unavailable' }),
    );
    expect(client.body.detail).not.toContain('sb-x');
    expect(client.body.errors).toBeUndefined();
    expect(logged).toHaveLength(1);
  });
});
