import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Runtime } from '../runtime';
import { http, startFixture } from '../../test/support/runtime-harness';

describe('HTTP trigger on the local runtime', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startFixture();
  });
  afterAll(() => runtime.stop());

  it('routes by template, passes params, query, headers and body, and returns headers and cookies', async () => {
    const res = await http(runtime.baseUrl, 'POST', '/api/echo/bread/42?fresh=yes', 'hello', {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      method: 'POST',
      params: { name: 'bread', id: '42' },
      query: { fresh: 'yes' },
      body: 'hello',
      contentType: 'text/plain',
    });
    expect(res.headers.get('x-echo')).toBe('yes');
    expect(res.headers.get('set-cookie')).toBe('session=abc; path=/; httponly');
  });

  it('passes repeated query parameters as Azure does: get() is the first, getAll() every value', async () => {
    const res = await http(runtime.baseUrl, 'GET', '/api/echo/bread?dupe=1&dupe=2');
    expect(res.json.repeated).toEqual({ get: '1', all: ['1', '2'] });
  });

  it('treats optional parameters as optional and literal routes as more specific', async () => {
    expect((await http(runtime.baseUrl, 'GET', '/api/echo/donut')).json.params).toEqual({ name: 'donut' });
    expect((await http(runtime.baseUrl, 'GET', '/api/echo/fixed')).json).toEqual({ fixed: true });
  });

  it('enforces parameter constraints', async () => {
    const res = await http(runtime.baseUrl, 'GET', '/api/echo/bread/not-a-number');
    expect(res.status).toBe(404);
  });

  it('answers 404 with no body for an unknown route under the route prefix, as the Functions host does', async () => {
    const res = await http(runtime.baseUrl, 'GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.text).toBe('');
  });

  it("answers 404 as problem+json for an unknown path among the host's own (local admin API)", async () => {
    const res = await http(runtime.baseUrl, 'GET', '/admin/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toMatchObject({ status: 404, code: 'BAKERY_NOT_FOUND' });
  });

  it('answers 405 with Allow for a known route and the wrong method', async () => {
    const res = await http(runtime.baseUrl, 'DELETE', '/api/echo/bread');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(res.json).toMatchObject({ status: 405, code: 'BAKERY_METHOD_NOT_ALLOWED' });
  });

  it('lets the function answer bad JSON with its own 400', async () => {
    const res = await http(runtime.baseUrl, 'POST', '/api/json', '{"broken":');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'BAKERY_BAD_JSON' });
    expect((await http(runtime.baseUrl, 'POST', '/api/json', { ok: 1 })).json).toEqual({ got: { ok: 1 } });
  });

  it('refuses an oversized body with 413 before invoking the function', async () => {
    const res = await http(
      runtime.baseUrl,
      'POST',
      '/api/json',
      JSON.stringify({ big: 'x'.repeat(1024 * 1024 + 10) }),
    );
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'BAKERY_PAYLOAD_TOO_LARGE' });
  });

  it('answers 413 as soon as a chunked upload passes the limit, reads no more and closes the connection', async () => {
    const url = new URL(runtime.baseUrl);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/api/json',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', reject);
    });
    // One byte past the limit, and the upload is never finished: only an early answer arrives.
    req.write(Buffer.alloc(1024 * 1024 + 1, 'x'));
    const res = await answered;
    req.on('error', () => undefined);
    expect(res.statusCode).toBe(413);
    expect(res.headers.connection).toBe('close');
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({ code: 'BAKERY_PAYLOAD_TOO_LARGE' });
    const socket = res.socket;
    if (!socket.destroyed) await new Promise((resolve) => socket.once('close', resolve));
    req.destroy();
  });

  it('turns a throwing function into a 500 with no body, as the Functions host does', async () => {
    const res = await http(runtime.baseUrl, 'GET', '/api/boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.text).toBe('');
  });

  it('is case-insensitive on literal route segments, as Azure is', async () => {
    expect((await http(runtime.baseUrl, 'GET', '/API/Echo/Fixed')).json).toEqual({ fixed: true });
  });
});
