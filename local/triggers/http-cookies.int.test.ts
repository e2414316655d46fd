import * as path from 'node:path';
import type { Runtime } from '../runtime';
import { startFixture } from '../../test/support/runtime-harness';

const appRoot = path.join(__dirname, 'fixtures/cookie-app');

describe('Set-Cookie as the Functions host writes it', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startFixture({
      appRoot,
      entry: path.join(appRoot, 'index.ts'),
      topology: { topics: [] },
    });
  });
  afterAll(() => runtime.stop());

  it('gives path=/ by default, orders and lower-cases the attributes, escapes the value', async () => {
    const res = await fetch(`${runtime.baseUrl}/api/auth/session/cookies`);
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([
      'plain=a%20b%3Dc%3B; path=/',
      'refresh=tok; expires=Sat, 02 Jan 2027 03:04:05 GMT; max-age=3600; domain=example.test; path=/api/auth; secure; samesite=strict; httponly',
      'cross=1; path=/; secure; samesite=none',
      'lax=1; path=/; samesite=lax; httponly',
    ]);
  });
});
