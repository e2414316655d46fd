import { startSignInBakery, type Browser, type SignInBakery } from '../functions/auth/auth-test-kit';

/**
 * From a real sign-in to money in the bank, across three services through their public edges only:
 * the local provider's HTML form (cookie jar) → auth publishes `user.signed-up` → the bank opens the
 * account → a deposit → the users' picture shows the name, the account and its balance.
 */
jest.setTimeout(60_000);
let bakery: SignInBakery;
beforeAll(async () => {
  bakery = await startSignInBakery({ settings: { BAKERY_SERVICES: 'auth,bank,users' } });
}, 60_000);
afterAll(() => bakery?.stop());

const aud = (amount: number) => ({ amount, currency: 'AUD' });

/** Signs in through the form and takes an access token with the refresh cookie, as the web app does. */
async function signIn(username: string, password: string): Promise<{ browser: Browser; bearer: string }> {
  const browser = bakery.browser();
  const done = await browser.signIn(username, password);
  if (done.status !== 302) throw new Error(`sign-in of ${username} answered ${done.status}: ${done.body}`);
  const token = await browser.token();
  if (token.status !== 200) throw new Error(`token for ${username} answered ${token.status}: ${token.body}`);
  return { browser, bearer: (JSON.parse(token.body) as { accessToken: string }).accessToken };
}

async function call(method: string, path: string, bearer: string | undefined, body?: unknown) {
  const res = await fetch(`${bakery.baseUrl}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

/** Everything the sign-in set going (outbox relays, subscriptions, change feeds) has landed. */
const settle = () => bakery.runtime.idle();

describe('signing up opens a bank account, and the users picture shows it', () => {
  it('opens the account at 0 on sign-up; a deposit shows in GET /api/users/me', async () => {
    const dana = await signIn('dana', 'dana-password');
    expect((await call('GET', '/api/bank/accounts/me', undefined)).status).toBe(401);
    await settle();

    const account = await call('GET', '/api/bank/accounts/me', dana.bearer);
    expect(account.status).toBe(200);
    expect(account.json).toMatchObject({ accountId: expect.stringMatching(/^acct-/), balance: aud(0) });

    const deposit = await call('POST', '/api/bank/accounts/me/deposits', dana.bearer, { amount: 2500 });
    expect(deposit.status).toBe(201);
    expect(deposit.json.balance).toEqual(aud(2500));
    await settle();

    const me = await call('GET', '/api/users/me', dana.bearer);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      name: 'dana',
      account: { id: account.json.accountId, balance: aud(2500) },
      orders: { count: 0, last: null },
    });
    // The picture's user is the token's subject: the bakery user id auth gave dana.
    const claims = JSON.parse(Buffer.from(dana.bearer.split('.')[1], 'base64url').toString()) as {
      sub: string;
    };
    expect(me.json.userId).toBe(claims.sub);
  });

  it('opens one account per person: signing in again opens none, a wrong password signs up no one', async () => {
    const again = await signIn('dana', 'dana-password');
    const wrong = await bakery.browser().signIn('dana', 'not-danas-password');
    expect(wrong.status).not.toBe(302);
    const erin = await signIn('erin', 'erin-password');
    await settle();

    const danaAgain = await call('GET', '/api/bank/accounts/me', again.bearer);
    expect(danaAgain.status).toBe(200);
    expect(danaAgain.json.balance).toEqual(aud(2500));
    const erinAccount = await call('GET', '/api/bank/accounts/me', erin.bearer);
    expect(erinAccount.status).toBe(200);
    expect(erinAccount.json.balance).toEqual(aud(0));
    expect(erinAccount.json.accountId).not.toBe(danaAgain.json.accountId);
    const erinMe = await call('GET', '/api/users/me', erin.bearer);
    expect(erinMe.json).toMatchObject({
      name: 'erin',
      account: { id: erinAccount.json.accountId, balance: aud(0) },
    });

    // The manager signs in through the same form and gets the staff role: the books count one
    // account per person who signed up (dana, erin, the manager), and they balance.
    const manager = await signIn('manager', 'manager-password');
    expect((await call('GET', '/api/bank/books', erin.bearer)).status).toBe(403);
    await settle();
    const books = await call('GET', '/api/bank/books', manager.bearer);
    expect(books.status).toBe(200);
    expect(books.json).toMatchObject({
      accounts: 3,
      deposits: aud(2500),
      customers: aud(2500),
      balanced: true,
    });
  });
});
