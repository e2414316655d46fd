import {
  decideCharge,
  decideDeposit,
  decideRefund,
  isBalanced,
  move,
  openAccount,
  type Account,
} from './ledger';
import { applyToTakings, emptyTakings } from './takings';
import { summarizeBooks } from './books';
import { decodeContinuation, encodeContinuation } from './continuation';
import { KeyedSerializer } from './serial';

const AT = '2026-12-01T00:00:00.000Z';
const limits = { maxDeposit: 100_000, maxBalance: 1_000_000 };
const open = () => openAccount('acct-1', 'ann', 'AUD', AT);
const funded = (amount: number): Account => {
  const d = decideDeposit(open(), { amount, transactionId: 'd1', at: AT }, limits);
  if (d.kind !== 'accepted') throw new Error('not funded');
  return d.account;
};
const charge = (amount: number, currency = 'AUD') => ({
  chargeId: 'c1',
  orderId: 'o1',
  amount: { amount, currency },
  transactionId: 'chg-1',
  at: AT,
});

describe('deposits', () => {
  it('numbers each movement and keeps the totals', () => {
    const d = decideDeposit(open(), { amount: 500, transactionId: 'd1', at: AT }, limits);
    expect(d).toMatchObject({ kind: 'accepted', account: { balance: 500, version: 1, deposited: 500 } });
    expect(d.kind === 'accepted' && d.entry).toMatchObject({
      type: 'deposit',
      balanceAfter: 500,
      accountVersion: 1,
    });
  });
  it.each([0, -1, 1.5, 100_001, Number.NaN])('refuses %p', (amount) => {
    expect(decideDeposit(open(), { amount, transactionId: 'd', at: AT }, limits).kind).toBe('invalid-amount');
  });
  it('refuses going above the maximum balance, to the cent', () => {
    const full = { ...funded(100_000), balance: 999_999, deposited: 999_999 };
    expect(decideDeposit(full, { amount: 1, transactionId: 'd', at: AT }, limits).kind).toBe('accepted');
    expect(decideDeposit(full, { amount: 2, transactionId: 'd', at: AT }, limits)).toEqual({
      kind: 'over-balance-limit',
      maxBalance: 1_000_000,
    });
  });
});

describe('charges', () => {
  it('approves exactly the balance, declines a cent more, another currency, or no account', () => {
    expect(decideCharge(funded(300), charge(300))).toMatchObject({
      kind: 'approved',
      account: { balance: 0 },
    });
    expect(decideCharge(funded(300), charge(301))).toEqual({
      kind: 'declined',
      reason: 'insufficient-funds',
    });
    expect(decideCharge(funded(300), charge(1, 'EUR'))).toEqual({
      kind: 'declined',
      reason: 'insufficient-funds',
    });
    expect(decideCharge(undefined, charge(1))).toEqual({ kind: 'declined', reason: 'no-account' });
  });
  it('never lets a movement take a balance below zero', () => {
    expect(() => move(funded(10), { type: 'charge', amount: 11, transactionId: 'x', at: AT })).toThrow(
      RangeError,
    );
  });
});

describe('refunds', () => {
  const approved = { chargeId: 'c1', orderId: 'o1', amount: 300, outcome: 'approved' as const };
  it('gives back at most the charge, once', () => {
    const after = decideCharge(funded(300), charge(300));
    if (after.kind !== 'approved') throw new Error('expected approval');
    const refund = decideRefund(after.account, approved, { ...charge(300), transactionId: 'ref-1' });
    expect(refund).toMatchObject({ kind: 'refunded', account: { balance: 300, version: 3, refunded: 300 } });
    expect(refund.kind === 'refunded' && isBalanced(refund.account)).toBe(true);
    expect(decideRefund(after.account, approved, charge(301))).toEqual({
      kind: 'refused',
      why: 'more-than-charged',
    });
    expect(decideRefund(after.account, { ...approved, refundTransactionId: 'ref-1' }, charge(300))).toEqual({
      kind: 'already-refunded',
    });
  });
  it('refuses a declined, an unknown charge or a missing account', () => {
    expect(decideRefund(funded(1), { ...approved, outcome: 'declined' }, charge(1))).toEqual({
      kind: 'refused',
      why: 'declined-charge',
    });
    expect(decideRefund(funded(1), undefined, charge(1))).toEqual({ kind: 'refused', why: 'unknown-charge' });
    expect(decideRefund(undefined, approved, charge(1))).toEqual({ kind: 'refused', why: 'no-account' });
  });
});

describe('takings and books', () => {
  it('credits charges, debits refunds, ignores deposits', () => {
    const t = applyToTakings(
      emptyTakings('AUD', AT),
      [
        { type: 'charge', amount: 500 },
        { type: 'deposit', amount: 9999 },
        { type: 'refund', amount: 200 },
      ],
      AT,
    );
    expect(t).toMatchObject({ balance: 300, credited: 500, debited: 200, entries: 2 });
  });
  it('balances customers + takings against deposits and shows what is pending', () => {
    const a = { ...funded(1000), balance: 600, charged: 400 };
    expect(summarizeBooks([a], undefined)).toMatchObject({ balanced: false, pending: 400 });
    expect(summarizeBooks([a], { ...emptyTakings('AUD', AT), balance: 400 })).toMatchObject({
      balanced: true,
      pending: 0,
      accountsOutOfBalance: 0,
    });
    expect(summarizeBooks([{ ...a, balance: 601 }], undefined).accountsOutOfBalance).toBe(1);
  });
});

describe('continuation tokens', () => {
  it('round-trips and refuses anything else', () => {
    expect(decodeContinuation(encodeContinuation(42))).toBe(42);
    for (const bad of [
      '',
      'x y',
      Buffer.from('{"before":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
      Buffer.from('{"before":3,"x":1}').toString('base64url'),
    ])
      expect(decodeContinuation(bad)).toBeUndefined();
  });
});

describe('KeyedSerializer', () => {
  it('runs one key at a time, in order, and goes on after a failure', async () => {
    const serial = new KeyedSerializer();
    const order: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        order.push(`start ${name}`);
        await new Promise((r) => setImmediate(r));
        order.push(`end ${name}`);
        if (fail) throw new Error(name);
      };
    const runs = [serial.run('a', task('1', true)), serial.run('a', task('2')), serial.run('b', task('3'))];
    await Promise.allSettled(runs);
    expect(order.indexOf('end 1')).toBeLessThan(order.indexOf('start 2'));
    expect(order.indexOf('start 3')).toBeLessThan(order.indexOf('end 1'));
    await expect(runs[0]).rejects.toThrow('1');
    await new Promise((r) => setImmediate(r));
    expect(serial.size).toBe(0);
  });
});
