import { aud, startBank, type BankWorld } from './bank-test-kit';

/** Opening accounts from user.signed-up, and GET /api/bank/accounts/me. */
let bank: BankWorld;
beforeEach(async () => (bank = await startBank()));
afterEach(() => bank.stop());

describe('GET /api/bank/accounts/me', () => {
  it('answers 404 problem+json until the account is open, then the account with balance 0', async () => {
    const before = await bank.get('/api/bank/accounts/me', await bank.as('ann'));
    expect(before.status).toBe(404);
    expect(before.headers.get('content-type')).toBe('application/problem+json');
    expect(before.json).toMatchObject({ code: 'BAKERY_NOT_FOUND' });

    await bank.signUp('ann');
    await bank.quiet();
    const after = await bank.get('/api/bank/accounts/me', await bank.as('ann'));
    expect(after.status).toBe(200);
    expect(after.json).toEqual({
      accountId: expect.stringMatching(/^acct-[0-9a-f]{32}$/),
      balance: aud(0),
      updatedAt: expect.any(String),
    });
    const opened = bank.users.filter((e) => e.type === 'bakery.account.opened.v1');
    expect(opened).toHaveLength(1);
    expect(opened[0].data).toMatchObject({ accountId: after.json.accountId, userId: 'ann', currency: 'AUD' });
    await bank.expectConserved();
  });

  it('opens one account when user.signed-up arrives twice (duplicated and redelivered)', async () => {
    const first = await bank.signUp('bob');
    await bank.quiet();
    await bank.redeliver(first);
    await bank.signUp('bob');
    await bank.quiet();
    expect(bank.users.filter((e) => e.type === 'bakery.account.opened.v1')).toHaveLength(1);
    expect((await bank.books()).accounts).toBe(1);
    await bank.expectConserved();
  });

  it('answers 401 without a token and shows only the caller’s own account', async () => {
    expect((await bank.get('/api/bank/accounts/me', {})).status).toBe(401);
    await bank.signUp('ann');
    await bank.signUp('bob');
    await bank.quiet();
    const ann = await bank.get('/api/bank/accounts/me', await bank.as('ann'));
    const bob = await bank.get('/api/bank/accounts/me', await bank.as('bob'));
    expect(ann.json.accountId).not.toBe(bob.json.accountId);
    expect((await bank.get('/api/bank/accounts/me', await bank.as('carol'))).status).toBe(404);
  });

  it('keeps the books for staff only', async () => {
    const res = await bank.get('/api/bank/books', await bank.as('ann'));
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'BAKERY_FORBIDDEN' });
  });
});
