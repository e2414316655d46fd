import { aud, ledgerSum, startBank, type BankWorld } from './bank-test-kit';

/** POST /api/bank/accounts/me/deposits and GET /api/bank/accounts/me/transactions. */
let bank: BankWorld;
beforeEach(async () => {
  bank = await startBank();
  await bank.signUp('ann');
  await bank.signUp('bob');
  await bank.quiet();
});
afterEach(() => bank.stop());

const balanceOf = async (userId: string) =>
  (await bank.get('/api/bank/accounts/me', await bank.as(userId))).json.balance.amount as number;

describe('POST /api/bank/accounts/me/deposits', () => {
  it('puts money in, answers 201 with the balance and the transaction, and publishes deposit.made', async () => {
    const res = await bank.deposit('ann', { amount: 2500 });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      balance: aud(2500),
      transaction: {
        id: expect.stringMatching(/^dep-/),
        type: 'deposit',
        amount: aud(2500),
        balanceAfter: aud(2500),
        accountVersion: 1,
        at: expect.any(String),
      },
    });
    await bank.quiet();
    const made = bank.users.filter((e) => e.type === 'bakery.deposit.made.v1');
    expect(made.map((e) => e.data)).toEqual([
      expect.objectContaining({
        userId: 'ann',
        transactionId: res.json.transaction.id,
        amount: aud(2500),
        balance: aud(2500),
        accountVersion: 1,
      }),
    ]);
    expect(await balanceOf('ann')).toBe(2500);
    await bank.expectConserved();
  });

  it.each([
    ['zero', 0, 'must be more than 0 cents'],
    ['negative', -100, 'must be more than 0 cents'],
    ['fractional', 10.5, 'must be a whole number of cents'],
    ['a string', '100', 'must be a whole number of cents'],
    ['above the maximum per deposit', 100_001, 'must be at most 100000 cents'],
    ['huge', 1e300, 'must be at most 100000 cents'],
    ['null', null, 'must be a whole number of cents'],
  ])('refuses %s with 400 naming amount, and changes nothing', async (_label, amount, message) => {
    const res = await bank.deposit('ann', { amount });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json.code).toBe('BAKERY_INVALID_REQUEST');
    expect(res.json.errors).toContainEqual({ field: 'amount', message: expect.stringContaining(message) });
    expect(res.json.errors.every((e: { field: string }) => e.field === 'amount')).toBe(true);
    expect(await balanceOf('ann')).toBe(0);
    await bank.expectConserved();
  });

  it('refuses unknown fields, a missing amount and a body that is not JSON, with 400', async () => {
    const extra = await bank.deposit('ann', { amount: 100, balance: 1_000_000 });
    expect(extra.status).toBe(400);
    expect(extra.json.errors).toEqual([{ field: 'balance', message: 'Unknown field.' }]);
    const missing = await bank.deposit('ann', {});
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
    const notJson = await bank.deposit('ann', '{"amount":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.errors[0].field).toBe('(body)');
    const badKey = await bank.deposit('ann', { amount: 100 }, 'has spaces in it');
    expect(badKey.status).toBe(400);
    expect(badKey.json.errors).toEqual([{ field: 'idempotency-key', message: expect.any(String) }]);
    expect(await balanceOf('ann')).toBe(0);
  });

  it('refuses with 409 a deposit that would take the balance above the maximum balance', async () => {
    for (let i = 0; i < 10; i++) expect((await bank.deposit('ann', { amount: 100_000 })).status).toBe(201);
    const over = await bank.deposit('ann', { amount: 1 });
    expect(over.status).toBe(409);
    expect(over.json.code).toBe('BAKERY_BALANCE_LIMIT');
    expect(await balanceOf('ann')).toBe(1_000_000);
    await bank.expectConserved();
  });

  it('answers 404 when the account is not open, and never touches another customer’s account', async () => {
    const res = await bank.deposit('carol', { amount: 100 });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('BAKERY_NOT_FOUND');
    await bank.deposit('ann', { amount: 700 });
    expect(await balanceOf('bob')).toBe(0);
    expect(await bank.allTransactions('bob')).toEqual([]);
    await bank.expectConserved();
  });
});

describe('Idempotency-Key', () => {
  it('answers the first deposit again for the same key and body, and 422 for another body', async () => {
    const first = await bank.deposit('ann', { amount: 1000 }, 'key-1');
    const again = await bank.deposit('ann', { amount: 1000 }, 'key-1');
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await bank.deposit('ann', { amount: 2000 }, 'key-1');
    expect(other.status).toBe(422);
    expect(other.json.code).toBe('BAKERY_IDEMPOTENCY_KEY_REUSED');
    expect(await balanceOf('ann')).toBe(1000);
    await bank.quiet();
    expect(bank.users.filter((e) => e.type === 'bakery.deposit.made.v1')).toHaveLength(1);
    await bank.expectConserved();
  });

  it('makes one deposit when the same request is sent many times at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => bank.deposit('ann', { amount: 300 }, 'same-key')),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.json.transaction.id)).size).toBe(1);
    expect(await balanceOf('ann')).toBe(300);
    await bank.expectConserved();
  });

  it('scopes keys to the customer: the same key is a new deposit for someone else', async () => {
    await bank.deposit('ann', { amount: 100 }, 'shared');
    const bob = await bank.deposit('bob', { amount: 200 }, 'shared');
    expect(bob.status).toBe(201);
    expect(bob.json.balance).toEqual(aud(200));
    expect(await balanceOf('ann')).toBe(100);
    await bank.expectConserved();
  });
});

describe('GET /api/bank/accounts/me/transactions', () => {
  it('lists the ledger newest first across pages, summing to the balance', async () => {
    for (const amount of [100, 200, 300, 400, 500]) await bank.deposit('ann', { amount });
    const items = await bank.allTransactions('ann', 2);
    expect(items.map((t) => t.amount.amount)).toEqual([500, 400, 300, 200, 100]);
    expect(items.map((t) => t.accountVersion)).toEqual([5, 4, 3, 2, 1]);
    expect(ledgerSum(items)).toBe(await balanceOf('ann'));
    const first = await bank.get('/api/bank/accounts/me/transactions?limit=2', await bank.as('ann'));
    expect(first.json.items).toHaveLength(2);
    expect(first.json.continuationToken).toEqual(expect.any(String));
  });

  it('refuses an invalid continuation token or limit with 400 naming it', async () => {
    for (const token of ['not-a-token', Buffer.from('{"before":"x"}').toString('base64url'), '%%%']) {
      const res = await bank.get(
        `/api/bank/accounts/me/transactions?continuationToken=${encodeURIComponent(token)}`,
        await bank.as('ann'),
      );
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ field: 'continuationToken', message: expect.any(String) }]);
    }
    for (const limit of ['0', '101', 'ten', '2.5']) {
      const res = await bank.get(`/api/bank/accounts/me/transactions?limit=${limit}`, await bank.as('ann'));
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ field: 'limit', message: expect.any(String) }]);
    }
  });

  it('answers 404 for a customer without an account, never someone else’s ledger', async () => {
    await bank.deposit('ann', { amount: 100 });
    const res = await bank.get('/api/bank/accounts/me/transactions', await bank.as('carol'));
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('BAKERY_NOT_FOUND');
  });
});
