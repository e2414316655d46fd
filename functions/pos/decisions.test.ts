import { decide, declineReason, type Decision, type PosInput } from './decisions';
import { chargeIdOf, receiptStatus, type Payment, type PricedPayment } from './payment';
import type { PricingOutcome } from './pricing';

const orderId = '0b6c8f0e-6a47-4b8e-9d4f-6d2c1c9a1e01';
const chargeId = chargeIdOf(orderId);
const userId = 'ann';
const aud = (amount: number) => ({ amount, currency: 'AUD' });
const at = '2026-12-01T01:00:00.000Z';
const pricing: PricingOutcome = {
  kind: 'priced',
  order: {
    currency: 'AUD',
    lines: [
      {
        productId: 'bread',
        name: 'Sourdough loaf',
        quantity: 2,
        listPrice: 800,
        discount: 0,
        unitPrice: 800,
        lineTotal: 1600,
        version: 0,
      },
    ],
    gross: 1600,
    discount: 0,
    total: 1600,
    closingDiscount: false,
  },
};

const requested: PosInput = {
  type: 'payment.requested',
  data: { orderId, userId, lines: [{ productId: 'bread', quantity: 2 }], placedAt: at },
  pricing,
  at,
};
const cancelled: PosInput = {
  type: 'order.cancelled',
  data: { orderId, userId, reason: 'payment-timeout', cancelledAt: at },
};
const charge = { chargeId, orderId, userId, amount: aud(1600) };
const approved: PosInput = {
  type: 'charge.approved',
  data: { ...charge, transactionId: 'chg-1', balance: aud(400), accountVersion: 2, approvedAt: at },
  approvedDay: '2026-12-01',
};
const declined = (reason: 'insufficient-funds' | 'no-account'): PosInput => ({
  type: 'charge.declined',
  data: { ...charge, reason, declinedAt: at },
});
const refundRequested: PosInput = {
  type: 'refund.requested',
  data: { orderId, userId, amount: aud(1), reason: 'late-payment', requestedAt: at },
  at,
};
const refunded: PosInput = {
  type: 'charge.refunded',
  data: { ...charge, transactionId: 'ref-1', balance: aud(2000), accountVersion: 3, refundedAt: at },
  refundedDay: '2026-12-02',
};

/** Applies inputs in order; returns the final payment and every event published. */
function run(inputs: PosInput[], start?: Payment) {
  let payment = start;
  const published: string[] = [];
  const decisions: Decision[] = [];
  for (const input of inputs) {
    const d = decide(payment, input);
    decisions.push(d);
    if (d.kind === 'record') {
      payment = d.payment;
      published.push(...d.publish.map((p) => p.type));
    }
  }
  return { payment, published, decisions };
}

describe('pos decisions', () => {
  it('prices and asks for one charge; a second payment.requested asks for none', () => {
    const { payment, published, decisions } = run([requested, requested]);
    expect(published).toEqual(['bakery.charge.requested.v1']);
    expect(decisions[1]).toEqual({ kind: 'ignore', why: expect.stringContaining('one charge per order') });
    expect(payment).toMatchObject({ status: 'pending', chargeId, total: 1600 });
    const first = decisions[0] as Extract<Decision, { kind: 'record' }>;
    expect(first.publish[0].data).toEqual({ chargeId, orderId, userId, amount: aud(1600), requestedAt: at });
  });

  it('never charges an order cancelled before its payment was requested', () => {
    const { payment, published } = run([cancelled, requested, approved]);
    expect(published).toEqual([]);
    expect(payment).toMatchObject({ status: 'cancelled' });
  });

  it('turns an approval into payment.succeeded with the charged amount, once', () => {
    const { payment, published, decisions } = run([requested, approved, approved, declined('no-account')]);
    expect(published).toEqual(['bakery.charge.requested.v1', 'bakery.payment.succeeded.v1']);
    expect(payment).toMatchObject({ status: 'paid', amount: 1600, approvedDay: '2026-12-01' });
    expect(decisions.slice(2).map((d) => d.kind)).toEqual(['ignore', 'ignore']);
  });

  it('still reports an approval for an order cancelled meanwhile (sales decides the refund)', () => {
    const { payment, published } = run([requested, cancelled, approved]);
    expect(published).toEqual(['bakery.charge.requested.v1', 'bakery.payment.succeeded.v1']);
    expect(payment).toMatchObject({ status: 'paid', cancelledAt: at });
  });

  it.each([
    ['insufficient-funds', 'insufficient-funds'],
    ['no-account', 'payment-declined'],
  ] as const)('turns a %s decline into payment.failed %s', (bank, pos) => {
    expect(declineReason(bank)).toBe(pos);
    const { payment, published, decisions } = run([requested, declined(bank), approved]);
    expect(published).toEqual(['bakery.charge.requested.v1', 'bakery.payment.failed.v1']);
    expect(payment).toMatchObject({ status: 'declined', reason: pos });
    expect(decisions[2].kind).toBe('ignore');
  });

  it('refunds the approved amount (not the asked one) once, and reports the refund once', () => {
    const { payment, published, decisions } = run([
      requested,
      approved,
      refundRequested,
      refundRequested,
      refunded,
      refunded,
      refundRequested,
    ]);
    expect(published).toEqual([
      'bakery.charge.requested.v1',
      'bakery.payment.succeeded.v1',
      'bakery.charge.refund-requested.v1',
      'bakery.payment.refunded.v1',
    ]);
    const refund = decisions[2] as Extract<Decision, { kind: 'record' }>;
    expect(refund.publish[0].data).toMatchObject({ chargeId, amount: aud(1600) });
    expect(payment).toMatchObject({ status: 'refunded', refundedAmount: 1600, refundedDay: '2026-12-02' });
  });

  it('gives nothing back for an order never charged, pending or declined', () => {
    expect(decide(undefined, refundRequested).kind).toBe('ignore');
    expect(run([cancelled, refundRequested]).published).toEqual([]);
    expect(run([requested, refundRequested]).published).toEqual(['bakery.charge.requested.v1']);
    expect(run([requested, declined('insufficient-funds'), refundRequested, refunded]).payment).toMatchObject(
      {
        status: 'declined',
      },
    );
  });

  it('ignores a bank answer about another charge id or an order it never charged', () => {
    const other: PosInput = {
      ...approved,
      data: { ...(approved.data as object), chargeId: 'x' },
    } as PosInput;
    expect(run([requested, other]).payment).toMatchObject({ status: 'pending' });
    expect(decide(undefined, approved).kind).toBe('ignore');
  });

  it('refuses an order it cannot price: payment.failed, no charge', () => {
    const unpriceable: PosInput = {
      ...requested,
      pricing: { kind: 'unpriceable', why: 'no price for cake' },
    };
    const { payment, decisions } = run([unpriceable, requested]);
    expect(payment).toMatchObject({ status: 'refused' });
    const first = decisions[0] as Extract<Decision, { kind: 'record' }>;
    expect(first.publish.map((p) => [p.type, p.data])).toEqual([
      ['bakery.payment.failed.v1', expect.objectContaining({ reason: 'payment-declined' })],
    ]);
    expect(decisions[1].kind).toBe('ignore');
  });

  it('says on the receipt what became of the payment', () => {
    const states = [
      run([requested]),
      run([requested, cancelled]),
      run([requested, approved]),
      run([requested, approved, refundRequested]),
      run([requested, approved, refundRequested, refunded]),
      run([requested, declined('no-account')]),
    ].map((r) => receiptStatus(r.payment as PricedPayment));
    expect(states).toEqual(['pending', 'cancelled', 'paid', 'paid', 'refunded', 'declined']);
  });
});
