import { startSignInBakery, type SignInBakery } from './auth-test-kit';

let bakery: SignInBakery;
beforeAll(async () => {
  bakery = await startSignInBakery();
}, 60_000);
afterAll(() => bakery?.stop());

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('signing in through the local provider (cookie jar only)', () => {
  it('signs a new user up through the HTML form, back to returnTo, then a token', async () => {
    const browser = bakery.browser();
    const done = await browser.signIn('ada', 'correct horse', '/orders?tab=mine');
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/orders?tab=mine');
    const setCookie = (done.headers['set-cookie'] ?? []).join('\n');
    expect(setCookie).toMatch(/bakery_refresh=[^;]+;.*path=\/api\/auth/i);
    expect(setCookie).toMatch(/bakery_refresh=.*samesite=strict/i);
    expect(setCookie).toMatch(/bakery_refresh=.*httponly/i);

    const reply = await browser.token();
    expect(reply.status).toBe(200);
    const body = json(reply.body) as {
      accessToken: string;
      tokenType: string;
      expiresIn: number;
      user: Record<string, unknown>;
    };
    expect(body).toMatchObject({ tokenType: 'Bearer', user: { name: 'ada', roles: [] } });
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    const header = JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(header.alg).toBe('ES256');
    expect(header.kid).toEqual(expect.any(String));

    // The same person signing in again is the same bakery user.
    const again = bakery.browser();
    await again.signIn('ada', 'correct horse');
    expect((json((await again.token()).body).user as { id: string }).id).toBe(body.user.id);
  });

  it('gives manager the staff role; a customer on a staff endpoint gets 403', async () => {
    const manager = bakery.browser();
    await manager.signIn('manager', 'bakery manager');
    const staff = json((await manager.token()).body) as { accessToken: string; user: { roles: string[] } };
    expect(staff.user.roles).toEqual(['staff']);
    const shelves = (token: string) =>
      fetch(`${bakery.baseUrl}/api/products/shelves`, { headers: { authorization: `Bearer ${token}` } });
    expect((await shelves(staff.accessToken)).status).toBe(200);

    const customer = bakery.browser();
    await customer.signIn('bo', 'bo password');
    const token = (json((await customer.token()).body) as { accessToken: string }).accessToken;
    expect((await shelves(token)).status).toBe(403);
  });

  it('rotates the refresh token on every use; reusing a rotated one revokes the session', async () => {
    const browser = bakery.browser();
    await browser.signIn('cy', 'cy password');
    const first = browser.cookie('bakery_refresh')!;
    expect((await browser.token()).status).toBe(200);
    const second = browser.cookie('bakery_refresh')!;
    expect(second).not.toBe(first);
    expect((await browser.token()).status).toBe(200);
    const third = browser.cookie('bakery_refresh')!;

    // A thief replays the first cookie: refused, and the session is revoked for everyone.
    const thief = bakery.browser();
    thief.setCookie(new URL(bakery.baseUrl).host, 'bakery_refresh', first);
    expect((await thief.token()).status).toBe(401);
    expect(browser.cookie('bakery_refresh')).toBe(third);
    const after = await browser.token();
    expect(after.status).toBe(401);
    expect(json(after.body).code).toBe('BAKERY_UNAUTHORIZED');
  });

  it('lets two tabs refresh at once: both get an access token, the session lives on', async () => {
    const browser = bakery.browser();
    await browser.signIn('fa', 'fa password');
    const shared = browser.cookie('bakery_refresh')!;
    // Both requests carry the same cookie (one browser, one jar); one rotates, the other is in grace.
    const [a, b] = await Promise.all([browser.token(), browser.token()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const rotatedBy = [a, b].filter((r) =>
      (r.headers['set-cookie'] ?? []).some((c) => c.startsWith('bakery_refresh=')),
    );
    expect(rotatedBy).toHaveLength(1);
    const kept = browser.cookie('bakery_refresh')!;
    expect(kept).not.toBe(shared);
    for (const reply of [a, b])
      expect(json(reply.body)).toMatchObject({ tokenType: 'Bearer', user: { name: 'fa' } });
    // The browser's cookie (the successor) still works, and rotates as usual.
    expect((await browser.token()).status).toBe(200);
    expect(browser.cookie('bakery_refresh')).not.toBe(kept);
    // The token before it is now two rotations old: reuse, the session is revoked.
    const thief = bakery.browser();
    thief.setCookie(new URL(bakery.baseUrl).host, 'bakery_refresh', shared);
    expect((await thief.token()).status).toBe(401);
    expect((await browser.token()).status).toBe(401);
  });

  it('logs out: the session is revoked and the cookie cleared', async () => {
    const browser = bakery.browser();
    await browser.signIn('di', 'di password');
    const cookie = browser.cookie('bakery_refresh')!;
    const out = await browser.logout();
    expect(out.status).toBe(204);
    expect(browser.cookie('bakery_refresh')).toBeUndefined();
    const replay = bakery.browser();
    replay.setCookie(new URL(bakery.baseUrl).host, 'bakery_refresh', cookie);
    expect((await replay.token()).status).toBe(401);
  });

  it('refuses the token endpoint without a same-origin Origin (403)', async () => {
    const browser = bakery.browser();
    await browser.signIn('ed', 'ed password');
    expect((await browser.token(null)).status).toBe(403);
    expect((await browser.token('https://evil.example')).status).toBe(403);
    expect((await browser.logout('https://evil.example')).status).toBe(403);
    expect((await browser.token()).status).toBe(200);
  });

  it('never redirects off the origin after sign-in', async () => {
    for (const returnTo of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/%2F%2Fevil.example',
    ]) {
      const done = await bakery.browser().signIn('fay', 'fay password', returnTo);
      expect(done.status).toBe(302);
      expect(done.headers.location).toBe('/');
    }
  });

  it('checks the password of an existing user and refuses a short one for a new user', async () => {
    const browser = bakery.browser();
    await browser.signIn('gus', 'gus password');
    const wrong = await bakery.browser().signIn('gus', 'not his password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong username or password');
    const short = await bakery.browser().signIn('hal', 'short');
    expect(short.status).toBe(400);
    expect(short.body).toContain('at least 8 characters');
  });

  it('limits failed sign-ins per username: 429 with Retry-After', async () => {
    await bakery.browser().signIn('ivy', 'ivy password');
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await bakery.browser().signIn('ivy', `wrong ${i} password`));
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(Number(replies[5].headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits until the window has passed.
    expect((await bakery.browser().signIn('ivy', 'ivy password')).status).toBe(429);
  });

  it('refuses a callback that this browser did not start, or that is replayed', async () => {
    const browser = bakery.browser();
    const form = await browser.openLoginForm('/');
    const posted = await browser.request(
      'POST',
      new URL(/action="([^"]+)"/.exec(form.body)![1], form.url).toString(),
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=jo&password=jo%20password',
      },
    );
    // Follow to the callback URL but present it from another browser (no login cookie).
    let reply = posted;
    while (!String(reply.headers.location).startsWith(`${bakery.baseUrl}/api/auth/callback`))
      reply = await browser.request('GET', new URL(String(reply.headers.location), reply.url).toString());
    const callbackUrl = String(reply.headers.location);
    expect((await bakery.browser().request('GET', callbackUrl)).status).toBe(400);
    expect((await browser.request('GET', callbackUrl)).status).toBe(302);
    expect((await browser.request('GET', callbackUrl)).status).toBe(400);
  });
});
