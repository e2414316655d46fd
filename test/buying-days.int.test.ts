import {
  ALL_BUT_PRODUCTION,
  CLOSING,
  DAY,
  MINUTE,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/**
 * Takings by bakery day (issue 11): a charge counts on the day the bank approved it, its refund on
 * the day the bank gave it back, and pos's takings net equals the bank's day net on both days.
 */
jest.setTimeout(120_000);

const NEXT_DAY = '2026-12-02';
/** 08:00 in Sydney on 2 December. */
const NEXT_MORNING = CLOSING + 15 * 60 * MINUTE;

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: CLOSING - 10 * MINUTE, services: ALL_BUT_PRODUCTION });
  await bakery.bake('bread', 5, 40 * MINUTE);
}, 120_000);
afterAll(() => bakery?.stop());

describe('a charge approved on one day and refunded on the next', () => {
  it("counts the charge on the first day's takings and the refund on the second's, in pos and in the bank", async () => {
    const ann = await bakery.signIn('ann');
    await bakery.deposit(ann, 10_000);
    // The sales person stops hearing pos at 16:55: the bank approves, the order times out, and the
    // approval reaches sales only the next morning. pos gives back an approval that crosses a
    // cancellation by itself, so it too hears the cancellation only the next morning.
    await bakery.advanceTo(CLOSING - 5 * MINUTE);
    bakery.runtime.bus.hold('pos', 'sales');
    const placed = await bakery.place(ann, [{ productId: 'bread', quantity: 1 }]);
    await bakery.quiet();
    expect(await bakery.balance(ann)).toBe(10_000 - 400);
    bakery.runtime.bus.hold('sales', 'pos');
    await bakery.advanceTo(CLOSING + 10 * MINUTE);
    expect(await bakery.order(ann, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'payment-timeout',
    });
    await bakery.advanceTo(NEXT_MORNING);
    bakery.runtime.bus.release('sales', 'pos');
    bakery.runtime.bus.release('pos', 'sales');
    const order = await bakery.final(ann, placed.json.id);
    expect(order).toMatchObject({ status: 'cancelled', refunded: { amount: 400 } });
    expect(await bakery.balance(ann)).toBe(10_000);

    const staff = await bakery.staffToken();
    const takings = async (date: string) => (await bakery.get(staff, `/api/pos/takings?date=${date}`)).json;
    expect(await takings(DAY)).toMatchObject({
      date: DAY,
      orders: 1,
      gross: { amount: 800 },
      discounts: { amount: 400 },
      refunds: { amount: 0 },
      net: { amount: 400 },
    });
    expect(await takings(NEXT_DAY)).toMatchObject({
      date: NEXT_DAY,
      orders: 0,
      gross: { amount: 0 },
      refunds: { amount: 400 },
      net: { amount: -400 },
    });
    // The bank's day, in minor units (integers or money objects: the checker reads both).
    const minor = (v: number | { amount: number }) => (typeof v === 'number' ? v : v.amount);
    const books = async (date: string) => {
      const day = (await bakery.get(staff, `/api/bank/books?date=${date}`)).json.day;
      return {
        date: day.date,
        charges: minor(day.charges),
        refunds: minor(day.refunds),
        net: minor(day.net),
      };
    };
    expect(await books(DAY)).toEqual({ date: DAY, charges: 400, refunds: 0, net: 400 });
    expect(await books(NEXT_DAY)).toEqual({ date: NEXT_DAY, charges: 0, refunds: 400, net: -400 });
    const { figures } = await bakery.expectInvariants([DAY, NEXT_DAY]);
    expect(figures.days).toEqual([
      { date: DAY, posNet: 400, bankNet: 400 },
      { date: NEXT_DAY, posNet: -400, bankNet: -400 },
    ]);
    await bakery.expectPicture(ann);
  });
});
