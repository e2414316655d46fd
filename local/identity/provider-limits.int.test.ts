import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCAL_CLIENT_ID, startLocalIdentityProvider, type LocalIdentityProvider } from './provider';

/**
 * The local provider's limits on failed sign-ins per client address (20 in 15 minutes, on the clock
 * it is given: the real one in `npm start`), through its own sign-in form. The per-username limit is
 * tested end to end in functions/auth/sign-in.int.test.ts.
 */
jest.setTimeout(60_000);
const REDIRECT = 'http://127.0.0.1:7999/api/auth/callback';
let now = Date.parse('2026-12-01T09:00:00Z');
let idp: LocalIdentityProvider;
let ca: string;
let stateDir: string;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-idp-limits-'));
  idp = await startLocalIdentityProvider({ stateDir, redirectUri: REDIRECT, clock: { now: () => now } });
  ca = fs.readFileSync(idp.caFile, 'utf8');
});
afterAll(async () => {
  await idp?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function request(url: string, method: string, cookies: Map<string, string>, body?: string): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair] = line.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** One sign-in as a browser makes it: the authorization request, the form, the POST. */
async function attempt(username: string, password: string): Promise<Reply> {
  const cookies = new Map<string, string>();
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid profile',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const start = await request(`${idp.issuer}/auth?${query.toString()}`, 'GET', cookies);
  const location = String(start.headers.location);
  if (!location.includes('/interaction/')) throw new Error(`no interaction: ${start.status} ${start.body}`);
  const formUrl = new URL(location, idp.issuer).toString();
  const form = await request(formUrl, 'GET', cookies);
  if (form.status !== 200) throw new Error(`no form: ${form.status}`);
  return request(formUrl, 'POST', cookies, new URLSearchParams({ username, password }).toString());
}

const signedIn = (reply: Reply) => [302, 303].includes(reply.status);

describe('failed sign-ins per client address', () => {
  const people = ['ann', 'ben', 'cat', 'dov', 'eve'];

  it('refuses every sign-in from the address after 20 failures, though no username reached its own limit', async () => {
    for (const name of people) expect(signedIn(await attempt(name, `${name}-password`))).toBe(true);

    // 4 wrong passwords for each of 5 people: under the 5 a username may have, 20 for the address.
    const statuses: number[] = [];
    for (const name of people)
      for (let i = 0; i < 4; i++) statuses.push((await attempt(name, 'wrong-guess')).status);
    expect(statuses).toEqual([...Array(19).fill(401), 429]);

    // The right password, and a new person signing up, from the same address: refused too.
    const right = await attempt('ann', 'ann-password');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBe(15 * 60);
    expect((await attempt('fay', 'fay-password')).status).toBe(429);

    // The window slides on the provider's clock: just before the first failure leaves it, still locked…
    now += 15 * 60_000 - 2_000;
    const almost = await attempt('ann', 'ann-password');
    expect(almost.status).toBe(429);
    expect(Number(almost.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(almost.headers['retry-after'])).toBeLessThanOrEqual(2);
    // …after it, the right password signs in again.
    now += 60_000;
    expect(signedIn(await attempt('ann', 'ann-password'))).toBe(true);
  });
});
