import { aud, ledgerSum, startBank, type BankWorld } from './bank-test-kit';

/** Charges and refunds arriving as events from pos, and the bakery's takings. */
jest.setTimeout(60_000);
let bank: BankWorld;
beforeEach(async () => {
  bank = await startBank();
  await bank.signUp('ann');
  await bank.quiet();
});
afterEach(() => bank.stop());

const balanceOf = async (userId: string) =>
  (await bank.get('/api/bank/accounts/me', await bank.as(userId))).json.balance.amount as number;
const answers = (type: string) => bank.pos.filter((e) => e.type === type);

describe('charge.requested', () => {
  it('approves a covered charge with the balance after it, declines one not covered', async () => {
    await bank.deposit('ann', { amount: 1000 });
    const ok = await bank.requestCharge('ann', 800);
    await bank.quiet();
    const short = await bank.requestCharge('ann', 201);
    const nobody = await bank.requestCharge('nobody', 100);
    await bank.quiet();
    expect(answers('bakery.charge.approved.v1').map((e) => e.data)).toEqual([
      expect.objectContaining({ chargeId: ok.data.chargeId, balance: aud(200), accountVersion: 2 }),
    ]);
    expect(answers('bakery.charge.declined.v1').map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ chargeId: short.data.chargeId, reason: 'insufficient-funds' }),
        expect.objectContaining({ chargeId: nobody.data.chargeId, reason: 'no-account' }),
      ]),
    );
    expect(await balanceOf('ann')).toBe(200);
    const books = await bank.expectConserved();
    expect(books.takings).toEqual(aud(800));
  });

  it('never overdraws under 200 concurrent charges on one account; the ledger sums to the balance', async () => {
    await bank.deposit('ann', { amount: 10_000 });
    await Promise.all(Array.from({ length: 200 }, () => bank.requestCharge('ann', 70)));
    await bank.quiet();
    const approved = answers('bakery.charge.approved.v1');
    const declined = answers('bakery.charge.declined.v1');
    expect(approved).toHaveLength(142); // floor(10000 / 70)
    expect(declined).toHaveLength(58);
    expect(approved.every((e) => (e.data as { balance: { amount: number } }).balance.amount >= 0)).toBe(true);
    const versions = approved
      .map((e) => (e.data as { accountVersion: number }).accountVersion)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 142 }, (_, i) => i + 2));
    const balance = await balanceOf('ann');
    expect(balance).toBe(10_000 - 142 * 70);
    const ledger = await bank.allTransactions('ann');
    expect(ledger).toHaveLength(143);
    expect(ledgerSum(ledger)).toBe(balance);
    expect((await bank.expectConserved()).takings).toEqual(aud(142 * 70));
  });

  it('applies a charge id once: duplicated and redelivered requests change nothing', async () => {
    await bank.deposit('ann', { amount: 1000 });
    const charge = await bank.requestCharge('ann', 300);
    await bank.quiet();
    await bank.redeliver(charge);
    await bank.requestCharge('ann', 300, charge.data.chargeId);
    await bank.quiet();
    expect(answers('bakery.charge.approved.v1')).toHaveLength(1);
    expect(answers('bakery.charge.declined.v1')).toHaveLength(0);
    expect(await balanceOf('ann')).toBe(700);
    expect((await bank.expectConserved()).takings).toEqual(aud(300));
  });

  it('keeps a decline: the same charge id after a deposit is not approved', async () => {
    const charge = await bank.requestCharge('ann', 500);
    await bank.quiet();
    await bank.deposit('ann', { amount: 1000 });
    await bank.redeliver(charge);
    await bank.quiet();
    expect(answers('bakery.charge.declined.v1')).toHaveLength(1);
    expect(answers('bakery.charge.approved.v1')).toHaveLength(0);
    expect(await balanceOf('ann')).toBe(1000);
    await bank.expectConserved();
  });
});

describe('charge.refund-requested', () => {
  it('refunds an approved charge once, debiting the takings; duplicates change nothing', async () => {
    await bank.deposit('ann', { amount: 1000 });
    const charge = await bank.requestCharge('ann', 400);
    await bank.quiet();
    const refund = await bank.requestRefund(charge.data);
    await bank.quiet();
    await bank.redeliver(refund);
    await bank.requestRefund(charge.data);
    await bank.quiet();
    const refunded = answers('bakery.charge.refunded.v1');
    expect(refunded.map((e) => e.data)).toEqual([
      expect.objectContaining({ chargeId: charge.data.chargeId, balance: aud(1000), accountVersion: 3 }),
    ]);
    expect(await balanceOf('ann')).toBe(1000);
    const ledger = await bank.allTransactions('ann');
    expect(ledger.map((t) => t.type)).toEqual(['refund', 'charge', 'deposit']);
    expect(ledgerSum(ledger)).toBe(1000);
    const books = await bank.expectConserved();
    expect(books).toMatchObject({ takings: aud(0), charges: aud(400), refunds: aud(400) });
  });

  it('refunds nothing for a declined or unknown charge, nor more than was charged', async () => {
    await bank.deposit('ann', { amount: 1000 });
    const declined = await bank.requestCharge('ann', 5000);
    const approved = await bank.requestCharge('ann', 100);
    await bank.quiet();
    await bank.requestRefund(declined.data);
    await bank.requestRefund({ ...approved.data, chargeId: 'never-asked' });
    await bank.requestRefund(approved.data, 101);
    await bank.quiet();
    expect(answers('bakery.charge.refunded.v1')).toHaveLength(0);
    expect(await balanceOf('ann')).toBe(900);
    expect((await bank.expectConserved()).takings).toEqual(aud(100));
  });

  it('keeps customers + takings = deposits over many accounts charged, refunded and redelivered', async () => {
    const people = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const p of people) await bank.signUp(p);
    await bank.quiet();
    for (const p of people) await bank.deposit(p, { amount: 2000 });
    const charges = await Promise.all(
      people.flatMap((p) => Array.from({ length: 8 }, (_, i) => bank.requestCharge(p, 150 + i * 37))),
    );
    await bank.quiet();
    await Promise.all(charges.slice(0, 10).map((c) => bank.requestRefund(c.data)));
    await Promise.all(charges.slice(0, 20).map((c) => bank.redeliver(c)));
    await bank.quiet();
    const books = await bank.expectConserved();
    expect(books.deposits).toEqual(aud(people.length * 2000));
    for (const p of people) expect(ledgerSum(await bank.allTransactions(p))).toBe(await balanceOf(p));
  });
});
