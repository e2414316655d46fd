import { http } from '../../test/support/runtime-harness';
import { CLOSING, MINUTE, NOON, aud, iso, startPos, type PosWorld } from './pos-test-kit';

/** The customer's receipt and the staff's takings, over HTTP, after events played as sales and the bank. */
jest.setTimeout(60_000);
let pos: PosWorld;
beforeEach(async () => {
  pos = await startPos();
});
afterEach(() => pos.stop());

const DAY = 24 * 60 * MINUTE;

/** An order placed at `placedAt` and approved by the bank at `approvedAt`; its payment.succeeded. */
async function paidOrder(
  userId: string,
  lines: Array<{ productId: string; quantity: number }>,
  placedAt: number,
  approvedAt: number,
) {
  const order = await pos.requestPayment(userId, lines, placedAt);
  await pos.quiet();
  await pos.approve(pos.chargeOf(order.data.orderId), approvedAt);
  await pos.quiet();
  return pos.published('bakery.payment.succeeded.v1', order.data.orderId)[0];
}

describe('GET /api/pos/receipts/{orderId}', () => {
  it('shows the payer their receipt; another customer and an unknown order get 404', async () => {
    const paid = await paidOrder('ann', [{ productId: 'croissant', quantity: 2 }], NOON, NOON + MINUTE);
    const mine = await pos.receipt(paid.data.orderId, 'ann');
    expect(mine.status).toBe(200);
    expect(mine.json).toEqual({
      orderId: paid.data.orderId,
      status: 'paid',
      placedAt: iso(NOON),
      lines: [
        {
          productId: 'croissant',
          name: 'Butter croissant',
          quantity: 2,
          listPrice: aud(450),
          discount: aud(0),
          unitPrice: aud(450),
          lineTotal: aud(900),
        },
      ],
      discount: aud(0),
      total: aud(900),
      paidAt: iso(NOON + MINUTE),
    });
    const theirs = await pos.receipt(paid.data.orderId, 'bob');
    expect(theirs.status).toBe(404);
    expect(theirs.text).not.toContain('croissant');
    expect((await pos.receipt('2f0e4b9c-0000-4000-8000-000000000000', 'ann')).status).toBe(404);
    expect((await pos.receipt('price:bread', 'ann')).status).toBe(404);
  });

  it('needs a signed-in customer', async () => {
    const paid = await paidOrder('ann', [{ productId: 'bread', quantity: 1 }], NOON, NOON);
    expect(
      (await http(pos.bakery.runtime.baseUrl, 'GET', `/api/pos/receipts/${paid.data.orderId}`)).status,
    ).toBe(401);
  });
});

describe('GET /api/pos/takings', () => {
  it('counts a day’s approved charges, their discounts and the refunds made that day, by the bakery day', async () => {
    // 2026-12-01 (Sydney): a full-price order, a closing-discount order, and a refund of yesterday's order.
    await paidOrder('ann', [{ productId: 'bread', quantity: 2 }], NOON, NOON + MINUTE);
    await paidOrder(
      'bob',
      [
        { productId: 'bread', quantity: 1 },
        { productId: 'donut', quantity: 3 },
      ],
      CLOSING - 20 * MINUTE,
      CLOSING - 10 * MINUTE,
    );
    const yesterday = await paidOrder(
      'cat',
      [{ productId: 'croissant', quantity: 1 }],
      NOON - DAY,
      NOON - DAY,
    );
    await pos.requestRefund(yesterday);
    await pos.quiet();
    const [ask] = pos.published('bakery.charge.refund-requested.v1', yesterday.data.orderId);
    await pos.refund(ask, NOON + 60 * MINUTE);
    // 14:00Z on 1 December is 01:00 on 2 December in Sydney: the next bakery day.
    await paidOrder(
      'dan',
      [{ productId: 'donut', quantity: 1 }],
      NOON + 12 * 60 * MINUTE,
      Date.parse('2026-12-01T14:00:00Z'),
    );
    // Neither a declined nor a pending charge is takings.
    const declined = await pos.requestPayment('eve', [{ productId: 'bread', quantity: 5 }], NOON);
    await pos.requestPayment('fay', [{ productId: 'bread', quantity: 7 }], NOON);
    await pos.quiet();
    await pos.decline(pos.chargeOf(declined.data.orderId), 'insufficient-funds');
    await pos.quiet();

    const day = await pos.takings('2026-12-01');
    expect(day.status).toBe(200);
    expect(day.json).toEqual({
      date: '2026-12-01',
      currency: 'AUD',
      orders: 2,
      gross: aud(1600 + 1850),
      discounts: aud(400 + 420),
      refunds: aud(450),
      net: aud(1600 + 1850 - 820 - 450),
    });
    expect((await pos.takings('2026-12-02')).json).toMatchObject({
      orders: 1,
      gross: aud(350),
      refunds: aud(0),
      net: aud(350),
    });
    expect((await pos.takings('2026-11-30')).json).toMatchObject({
      orders: 1,
      gross: aud(450),
      refunds: aud(0),
      net: aud(450),
    });
    expect((await pos.takings('2026-12-03')).json).toMatchObject({ orders: 0, net: aud(0) });
  });

  it('is for staff only: a customer gets 403', async () => {
    const res = await pos.takings('2026-12-01', await pos.as('ann'));
    expect(res.status).toBe(403);
  });

  it.each(['2026-13-01', '1 December', '2026-12-1', ''])(
    'refuses date=%j with a 400 naming date',
    async (date) => {
      const res = await pos.takings(date);
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([expect.objectContaining({ field: 'date' })]);
    },
  );

  it('needs a date', async () => {
    const res = await http(
      pos.bakery.runtime.baseUrl,
      'GET',
      '/api/pos/takings',
      undefined,
      await pos.asStaff(),
    );
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'date' })]);
  });
});
