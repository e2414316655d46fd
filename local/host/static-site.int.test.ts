import * as fs from 'node:fs';
import { request } from 'node:http';
import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { http, startFixture, tempDir } from '../../test/support/runtime-harness';
import { CONTENT_SECURITY_POLICY, staticSiteExtension } from './static-site';

/** A built single-page app served at `/` beside the function routes, as `npm start` serves web/. */
describe('a static site on the local runtime', () => {
  let runtime: Runtime;
  let root: string;
  const index =
    '<!doctype html><title>shop</title><script type="module" src="/assets/app-AbC123.js"></script>';

  beforeAll(async () => {
    root = tempDir('bakery-site-');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), index);
    fs.writeFileSync(path.join(root, 'assets', 'app-AbC123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'assets', 'app-AbC123.css'), 'body{}');
    fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
    runtime = await startFixture({ extensions: [staticSiteExtension({ root })] });
  });
  afterAll(async () => {
    await runtime.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / with the security headers, revalidated on every visit', async () => {
    const res = await http(runtime.baseUrl, 'GET', '/');
    expect(res.status).toBe(200);
    expect(res.text).toBe(index);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await http(runtime.baseUrl, 'GET', '/', undefined, {
      'if-none-match': res.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('serves hashed assets with their content type, cached for a year', async () => {
    const js = await http(runtime.baseUrl, 'GET', '/assets/app-AbC123.js');
    expect([js.status, js.text, js.headers.get('content-type')]).toEqual([
      200,
      'console.log(1)',
      'text/javascript; charset=utf-8',
    ]);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const css = await http(runtime.baseUrl, 'GET', '/assets/app-AbC123.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await http(runtime.baseUrl, 'GET', '/favicon.svg');
    expect([svg.headers.get('content-type'), svg.headers.get('cache-control')]).toEqual([
      'image/svg+xml',
      'no-cache',
    ]);
  });

  it("answers the app's own routes (no file, no extension) with index.html, a missing file with 404", async () => {
    for (const route of ['/orders', '/floor', '/orders/123?x=1'])
      expect(await http(runtime.baseUrl, 'GET', route)).toMatchObject({ status: 200, text: index });
    const missing = await http(runtime.baseUrl, 'GET', '/assets/gone-XyZ.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<!doctype');
  });

  it('leaves the API and the host alone: their 404s and 405s are as before', async () => {
    expect(await http(runtime.baseUrl, 'GET', '/api/echo/bread/1')).toMatchObject({ status: 200 });
    const unknownApi = await http(runtime.baseUrl, 'GET', '/api/nothing-here');
    expect([unknownApi.status, unknownApi.text]).toEqual([404, '']);
    const wrongMethod = await http(runtime.baseUrl, 'DELETE', '/api/json');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const admin = await http(runtime.baseUrl, 'GET', '/admin/nothing');
    expect(admin.status).toBe(404);
    expect(admin.json.code).toBe('BAKERY_NOT_FOUND');
  });

  it('serves only GET and HEAD, and nothing outside its folder or hidden', async () => {
    const post = await http(runtime.baseUrl, 'POST', '/orders', 'x');
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${runtime.baseUrl}/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    // Sent as written (fetch would normalise the dots away first). The server's URL parsing resolves
    // plain and encoded dot segments inside the site (then a 404, or the app's page for a path with
    // no extension); what is left is refused (400). Never a file from outside.
    for (const route of [
      '/../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2fpackage.json',
      '/.env',
      '/%00',
      '/a\\b',
    ]) {
      const res = await rawGet(runtime.baseUrl, route);
      expect(res.status === 200 ? res.body : 'refused').toMatch(/^(refused|<!doctype html><title>shop)/);
    }
    expect((await rawGet(runtime.baseUrl, '/.env')).status).toBe(400);
    expect((await rawGet(runtime.baseUrl, '/assets/..%2f..%2fpackage.json')).status).toBe(400);
  });

  it('says to build first when the folder has no index.html yet', async () => {
    fs.renameSync(path.join(root, 'index.html'), path.join(root, 'index.off'));
    try {
      const res = await http(runtime.baseUrl, 'GET', '/orders');
      expect(res.status).toBe(404);
      expect(res.text).toMatch(/npm run build/);
    } finally {
      fs.renameSync(path.join(root, 'index.off'), path.join(root, 'index.html'));
    }
  });
});

function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}
