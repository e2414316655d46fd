import { aud, startBank, type BankWorld } from './bank-test-kit';

/**
 * GET /api/bank/books?date=: the whole books as before, and what one bakery day moved (the default
 * bakery: Sydney, UTC+11 in December; the clock starts at 06:30 local on 2026-12-01).
 */
jest.setTimeout(60_000);
let bank: BankWorld;
beforeEach(async () => {
  bank = await startBank();
  await bank.signUp('ann');
  await bank.quiet();
  await bank.deposit('ann', { amount: 5000 });
});
afterEach(() => bank.stop());

const books = async (query: string) => {
  const res = await bank.get(`/api/bank/books${query}`, await bank.asStaff());
  expect(res.status).toBe(200);
  return res.json as Record<string, any>;
};
const approved = (chargeId: string) =>
  bank.pos.some((e) => e.type === 'bakery.charge.approved.v1' && (e.data as any).chargeId === chargeId);

describe('GET /api/bank/books?date=', () => {
  it("gives each bakery day's approved charges and refunds, by the bakery's local date", async () => {
    const big = await bank.requestCharge('ann', 800);
    const small = await bank.requestCharge('ann', 300);
    await bank.requestCharge('ann', 100_000); // declined: counts nowhere
    await bank.quiet();
    await bank.requestRefund(small.data);
    await bank.quiet();
    expect(approved(big.data.chargeId) && approved(small.data.chargeId)).toBe(true);

    // 00:30 local on 2 December is still 1 December in UTC: it belongs to the 2nd.
    await bank.bakery.runtime.clock.advanceTo(Date.parse('2026-12-01T13:30:00Z'));
    await bank.requestCharge('ann', 500);
    await bank.requestRefund(big.data);
    await bank.quiet();

    const first = await books('?date=2026-12-01');
    expect(first.day).toEqual({ date: '2026-12-01', charges: aud(1100), refunds: aud(300), net: aud(800) });
    const second = await books('?date=2026-12-02');
    expect(second.day).toEqual({ date: '2026-12-02', charges: aud(500), refunds: aud(800), net: aud(-300) });
    expect((await books('?date=2026-11-30')).day).toEqual({
      date: '2026-11-30',
      charges: aud(0),
      refunds: aud(0),
      net: aud(0),
    });
    // Without a date: today's bakery day, and the same whole books either way.
    const today = await books('');
    expect(today.day.date).toBe('2026-12-02');
    expect(today.day).toEqual(second.day);
    const { day: _first, asOf: _a, ...wholeFirst } = first;
    const { day: _today, asOf: _b, ...wholeToday } = today;
    expect(wholeFirst).toEqual(wholeToday);
    expect(today).toMatchObject({
      charges: aud(1600),
      refunds: aud(1100),
      takings: aud(500),
      deposits: aud(5000),
      balanced: true,
    });
    await bank.expectConserved();
  });

  it.each(['yesterday', '2026-13-01', '2026-02-30', '2026-12-1', '20261201', ''])(
    'answers 400 naming `date` for date=%j',
    async (date) => {
      const res = await bank.get(`/api/bank/books?date=${encodeURIComponent(date)}`, await bank.asStaff());
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.json).toMatchObject({ code: 'BAKERY_INVALID_REQUEST' });
      expect(res.json.errors).toEqual([{ field: 'date', message: expect.any(String) }]);
    },
  );

  it('is for staff only, with or without a date', async () => {
    expect((await bank.get('/api/bank/books?date=2026-12-01', await bank.as('ann'))).status).toBe(403);
    expect((await bank.get('/api/bank/books?date=2026-12-01', {})).status).toBe(401);
  });
});
