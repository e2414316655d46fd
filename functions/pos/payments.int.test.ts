import { CLOSING, MINUTE, NOON, aud, iso, startPos, type PosWorld } from './pos-test-kit';

/** pos alone: sales, menu and the bank played by sending their events; pos's answers read off its topic. */
jest.setTimeout(60_000);
let pos: PosWorld;
beforeEach(async () => {
  pos = await startPos();
});
afterEach(() => pos.stop());

const bread = (quantity: number) => [{ productId: 'bread', quantity }];

describe('pricing an order as of its placedAt', () => {
  it('uses the version in force at placedAt, not a price change made after it', async () => {
    await pos.changeMenuItem({
      productId: 'bread',
      version: 1,
      price: aud(1000),
      closingDiscountPercent: 50,
      effectiveFrom: iso(NOON + MINUTE),
    });
    await pos.quiet();
    const before = await pos.requestPayment('ann', bread(2), NOON + MINUTE - 1);
    const after = await pos.requestPayment('ann', bread(2), NOON + MINUTE);
    await pos.quiet();
    expect(pos.chargeOf(before.data.orderId).data.amount).toEqual(aud(1600));
    expect(pos.chargeOf(after.data.orderId).data.amount).toEqual(aud(2000));
    expect((await pos.receipt(after.data.orderId, 'ann')).json.lines).toEqual([
      expect.objectContaining({ name: 'bread v1', listPrice: aud(1000), unitPrice: aud(1000) }),
    ]);
  });

  it('keeps every version: a stale or repeated change never overwrites a newer one', async () => {
    const v2 = await pos.changeMenuItem({
      productId: 'donut',
      version: 2,
      price: aud(500),
      effectiveFrom: iso(NOON),
    });
    await pos.quiet();
    // v1 arrives late (and twice): it was in force only before v2.
    const v1 = await pos.changeMenuItem({
      productId: 'donut',
      version: 1,
      price: aud(400),
      effectiveFrom: iso(NOON - 10 * MINUTE),
    });
    await pos.redeliver(v1);
    await pos.redeliver(v2);
    await pos.quiet();
    const orders = await Promise.all(
      [NOON - 20 * MINUTE, NOON - 5 * MINUTE, NOON + 5 * MINUTE].map((t) =>
        pos.requestPayment('ann', [{ productId: 'donut', quantity: 1 }], t),
      ),
    );
    await pos.quiet();
    expect(orders.map((o) => pos.chargeOf(o.data.orderId).data.amount.amount)).toEqual([350, 400, 500]);
  });

  it('gives the closing discount from the window’s start (inclusive) to closing (exclusive)', async () => {
    const times = [CLOSING - 30 * MINUTE - 1, CLOSING - 30 * MINUTE, CLOSING - 1, CLOSING];
    const orders = await Promise.all(
      times.map((t) => pos.requestPayment('ann', [...bread(1), { productId: 'donut', quantity: 3 }], t)),
    );
    await pos.quiet();
    // bread 800 at 50 % → 400; donut 350 at 40 % → 140 off, 210 each.
    expect(orders.map((o) => pos.chargeOf(o.data.orderId).data.amount.amount)).toEqual([
      1850,
      400 + 630,
      400 + 630,
      1850,
    ]);
    const receipt = (await pos.receipt(orders[1].data.orderId, 'ann')).json;
    expect(receipt).toMatchObject({
      status: 'pending',
      placedAt: iso(CLOSING - 30 * MINUTE),
      discount: aud(400 + 420),
      total: aud(1030),
      lines: [
        {
          productId: 'bread',
          name: 'Sourdough loaf',
          quantity: 1,
          listPrice: aud(800),
          discount: aud(400),
          unitPrice: aud(400),
          lineTotal: aud(400),
        },
        {
          productId: 'donut',
          name: 'Cinnamon donut',
          quantity: 3,
          listPrice: aud(350),
          discount: aud(140),
          unitPrice: aud(210),
          lineTotal: aud(630),
        },
      ],
    });
  });

  it('cannot price an unknown product: no charge, sales hears payment-declined', async () => {
    const order = await pos.requestPayment('ann', [{ productId: 'wedding-cake', quantity: 1 }]);
    await pos.quiet();
    expect(pos.published('bakery.charge.requested.v1', order.data.orderId)).toEqual([]);
    expect(pos.published('bakery.payment.failed.v1', order.data.orderId).map((e) => e.data.reason)).toEqual([
      'payment-declined',
    ]);
    expect((await pos.receipt(order.data.orderId, 'ann')).status).toBe(404);
  });
});

describe('charging', () => {
  it('asks for one charge with a deterministic id, however often payment is requested', async () => {
    const order = await pos.requestPayment('ann', bread(2));
    await pos.send('bakery.payment.requested.v1', order.data); // a second request (new event id)
    await pos.redeliver(order);
    await pos.quiet();
    const { orderId } = order.data;
    expect(pos.published('bakery.charge.requested.v1', orderId)).toEqual([
      expect.objectContaining({
        id: `pos:${orderId}:charge-requested`,
        data: expect.objectContaining({ chargeId: `order:${orderId}`, userId: 'ann', amount: aud(1600) }),
      }),
    ]);
  });

  it('turns an approval into payment.succeeded with the charged amount; redelivery changes nothing', async () => {
    const order = await pos.requestPayment('ann', bread(2));
    await pos.quiet();
    const approval = await pos.approve(pos.chargeOf(order.data.orderId), NOON + MINUTE);
    await pos.redeliver(approval);
    await pos.quiet();
    await pos.redeliver(approval);
    await pos.decline(pos.chargeOf(order.data.orderId), 'insufficient-funds'); // a contradicting answer
    await pos.redeliver(order);
    await pos.quiet();
    const { orderId } = order.data;
    expect(pos.published('bakery.payment.succeeded.v1', orderId).map((e) => e.data)).toEqual([
      { orderId, userId: 'ann', chargeId: `order:${orderId}`, amount: aud(1600), paidAt: iso(NOON + MINUTE) },
    ]);
    expect(pos.published('bakery.payment.failed.v1', orderId)).toEqual([]);
    expect(pos.published('bakery.charge.requested.v1', orderId)).toHaveLength(1);
    expect((await pos.receipt(orderId, 'ann')).json).toMatchObject({
      status: 'paid',
      paidAt: iso(NOON + MINUTE),
    });
  });

  it.each([
    ['insufficient-funds', 'insufficient-funds'],
    ['no-account', 'payment-declined'],
  ] as const)('turns a %s decline into payment.failed %s, once', async (bankReason, reason) => {
    const order = await pos.requestPayment('ann', bread(1));
    await pos.quiet();
    const decline = await pos.decline(pos.chargeOf(order.data.orderId), bankReason);
    await pos.redeliver(decline);
    await pos.quiet();
    await pos.approve(pos.chargeOf(order.data.orderId));
    await pos.quiet();
    const { orderId } = order.data;
    expect(pos.published('bakery.payment.failed.v1', orderId).map((e) => e.data)).toEqual([
      expect.objectContaining({ orderId, chargeId: `order:${orderId}`, reason }),
    ]);
    expect(pos.published('bakery.payment.succeeded.v1', orderId)).toEqual([]);
    expect((await pos.receipt(orderId, 'ann')).json.status).toBe('declined');
  });

  it('never charges an order cancelled before payment was requested', async () => {
    const orderId = '5d7e0c1a-1111-4c2b-9a3e-000000000001';
    const cancel = await pos.cancel({ orderId, userId: 'ann' }, 'reservation-timeout');
    await pos.redeliver(cancel);
    await pos.quiet();
    const late = await pos.send('bakery.payment.requested.v1', {
      orderId,
      userId: 'ann',
      lines: bread(1),
      placedAt: iso(NOON),
    });
    await pos.redeliver(late);
    await pos.quiet();
    expect(pos.bank).toEqual([]);
    expect(pos.sales).toEqual([]);
    expect((await pos.receipt(orderId, 'ann')).status).toBe(404);
  });

  it('still reports a charge answer for an order cancelled meanwhile: sales decides the refund', async () => {
    const order = await pos.requestPayment('ann', bread(1));
    await pos.quiet();
    const cancel = await pos.cancel(order.data, 'payment-timeout');
    await pos.redeliver(cancel);
    await pos.quiet();
    expect((await pos.receipt(order.data.orderId, 'ann')).json.status).toBe('cancelled');
    await pos.approve(pos.chargeOf(order.data.orderId));
    await pos.quiet();
    expect(pos.published('bakery.payment.succeeded.v1', order.data.orderId)).toHaveLength(1);
    expect(pos.published('bakery.charge.refund-requested.v1', order.data.orderId)).toEqual([]);
  });
});

describe('refunds', () => {
  it('gives back the approved amount once and reports it once; every duplicate changes nothing', async () => {
    const order = await pos.requestPayment('ann', bread(3));
    await pos.quiet();
    await pos.approve(pos.chargeOf(order.data.orderId));
    await pos.quiet();
    const { orderId } = order.data;
    const [paid] = pos.published('bakery.payment.succeeded.v1', orderId);
    const ask = await pos.requestRefund(paid);
    await pos.redeliver(ask);
    await pos.requestRefund(paid);
    await pos.quiet();
    const requests = pos.published('bakery.charge.refund-requested.v1', orderId);
    expect(requests.map((e) => [e.id, e.data.chargeId, e.data.amount])).toEqual([
      [`pos:${orderId}:refund-requested`, `order:${orderId}`, aud(2400)],
    ]);
    const done = await pos.refund(requests[0], NOON + 2 * MINUTE);
    await pos.redeliver(done);
    await pos.quiet();
    await pos.requestRefund(paid);
    await pos.redeliver(done);
    await pos.quiet();
    expect(pos.published('bakery.payment.refunded.v1', orderId).map((e) => e.data)).toEqual([
      {
        orderId,
        userId: 'ann',
        chargeId: `order:${orderId}`,
        amount: aud(2400),
        refundedAt: iso(NOON + 2 * MINUTE),
      },
    ]);
    expect(pos.published('bakery.charge.refund-requested.v1', orderId)).toHaveLength(1);
    expect((await pos.receipt(orderId, 'ann')).json).toMatchObject({
      status: 'refunded',
      total: aud(2400),
      refundedAt: iso(NOON + 2 * MINUTE),
    });
  });

  it('gives nothing back for an order that was never approved', async () => {
    const order = await pos.requestPayment('ann', bread(1));
    await pos.quiet();
    await pos.send('bakery.refund.requested.v1', {
      orderId: order.data.orderId,
      userId: 'ann',
      amount: aud(800),
      reason: 'late-payment',
      requestedAt: iso(NOON),
    });
    await pos.quiet();
    expect(pos.published('bakery.charge.refund-requested.v1', order.data.orderId)).toEqual([]);
  });
});

describe('races', () => {
  it('asks for one charge when many copies of payment.requested arrive at once', async () => {
    const order = await pos.requestPayment('ann', bread(1));
    await Promise.all(Array.from({ length: 30 }, () => pos.send('bakery.payment.requested.v1', order.data)));
    await pos.quiet();
    expect(pos.published('bakery.charge.requested.v1', order.data.orderId)).toHaveLength(1);
  });

  it('charges a cancelled order at most once, and never when the cancellation came first', async () => {
    const orders = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const order = await pos.requestPayment('ann', bread(1));
        await Promise.all([pos.cancel(order.data), pos.send('bakery.payment.requested.v1', order.data)]);
        return order.data.orderId;
      }),
    );
    await pos.quiet();
    for (const orderId of orders) {
      const charges = pos.published('bakery.charge.requested.v1', orderId);
      const receipt = await pos.receipt(orderId, 'ann');
      // Charged: the receipt says cancelled (the charge is still unanswered). Not charged: no receipt.
      expect({
        charges: charges.length,
        receipt: receipt.status === 200 ? receipt.json.status : receipt.status,
      }).toEqual(charges.length === 1 ? { charges: 1, receipt: 'cancelled' } : { charges: 0, receipt: 404 });
    }
  });
});
