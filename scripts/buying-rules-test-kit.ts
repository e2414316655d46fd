/**
 * A consistent bakery as the buying checker sees it (three customers, their orders, items, money),
 * for scripts/buying-rules.test.ts to break one rule at a time. Kept out of *.test.ts so jest does
 * not run it as a suite, and out of the build.
 */
import type { BuyingSnapshot, ItemSnapshot } from './buying-rules';

export const aud = (amount: number) => ({ amount, currency: 'AUD' });
export const T0 = '2026-12-01T00:00:00.000Z';
export const EXPIRES = '2026-12-01T06:00:00.000Z';

export function item(id: string, productId: string, life: ItemSnapshot['life']): ItemSnapshot {
  const last = [...life].sort((a, b) => a.version - b.version).at(-1)!;
  const status = last.kind === 'released' ? 'baked' : last.kind;
  return {
    id,
    productId,
    expiresAt: EXPIRES,
    status,
    ...((last.kind === 'reserved' || last.kind === 'sold') && last.orderId ? { orderId: last.orderId } : {}),
    life,
  };
}

/**
 * A consistent bakery: ann bought 2 bread (o-ann, 700 − 0); bob's order was cancelled after a late
 * payment of 350 that was refunded (o-bob); cat's order was rejected (o-cat), and the loaf it
 * briefly held went back and was sold to ann.
 */
export function world(): BuyingSnapshot {
  return {
    customers: [
      {
        userId: 'ann',
        balance: aud(1000 - 700),
        listed: [{ id: 'o-ann', status: 'completed', placedAt: T0 }],
        transactions: [
          { id: 't1', type: 'deposit', amount: aud(1000) },
          { id: 't2', type: 'charge', amount: aud(700), orderId: 'o-ann' },
        ],
        orders: [
          {
            id: 'o-ann',
            status: 'completed',
            lines: [{ productId: 'bread', quantity: 2 }],
            total: aud(700),
            items: [
              { id: 'i1', productId: 'bread' },
              { id: 'i2', productId: 'bread' },
            ],
            placedAt: T0,
          },
        ],
        receipts: {
          'o-ann': {
            orderId: 'o-ann',
            status: 'paid',
            lines: [
              {
                productId: 'bread',
                quantity: 2,
                listPrice: aud(400),
                discount: aud(50),
                unitPrice: aud(350),
                lineTotal: aud(700),
              },
            ],
            discount: aud(100),
            total: aud(700),
          },
        },
      },
      {
        userId: 'bob',
        balance: aud(500),
        transactions: [
          { id: 't3', type: 'deposit', amount: aud(500) },
          { id: 't4', type: 'charge', amount: aud(350), orderId: 'o-bob' },
          { id: 't5', type: 'refund', amount: aud(350), orderId: 'o-bob' },
        ],
        orders: [
          {
            id: 'o-bob',
            status: 'cancelled',
            reason: 'payment-timeout',
            lines: [{ productId: 'bread', quantity: 1 }],
            refunded: aud(350),
            placedAt: T0,
          },
        ],
        receipts: {
          'o-bob': {
            orderId: 'o-bob',
            status: 'refunded',
            lines: [
              {
                productId: 'bread',
                quantity: 1,
                listPrice: aud(400),
                discount: aud(50),
                unitPrice: aud(350),
                lineTotal: aud(350),
              },
            ],
            discount: aud(50),
            total: aud(350),
          },
        },
      },
      {
        userId: 'cat',
        balance: aud(0),
        transactions: [],
        orders: [
          {
            id: 'o-cat',
            status: 'rejected',
            reason: 'out-of-stock',
            lines: [{ productId: 'bread', quantity: 9 }],
            placedAt: T0,
          },
        ],
        receipts: {},
      },
    ],
    books: {
      accountsOutOfBalance: 0,
      deposits: aud(1500),
      customers: aud(800),
      charges: aud(1050),
      refunds: aud(350),
      takings: aud(700),
      pending: aud(0),
      balanced: true,
    },
    days: [
      {
        date: '2026-12-01',
        bank: { charges: 1050, refunds: 350, net: 700 },
        pos: { orders: 2, gross: aud(1200), discounts: aud(150), refunds: aud(350), net: aud(700) },
      },
    ],
    items: [
      item('i1', 'bread', [
        { kind: 'baked', at: T0, version: 1 },
        { kind: 'reserved', at: T0, version: 2, orderId: 'o-cat' },
        { kind: 'released', at: T0, version: 3, orderId: 'o-cat' },
        { kind: 'reserved', at: T0, version: 4, orderId: 'o-ann' },
        { kind: 'sold', at: T0, version: 6, orderId: 'o-ann' },
      ]),
      item('i2', 'bread', [
        { kind: 'baked', at: T0, version: 1 },
        { kind: 'reserved', at: T0, version: 4, orderId: 'o-ann' },
        { kind: 'sold', at: T0, version: 6, orderId: 'o-ann' },
      ]),
      item('i3', 'bread', [
        { kind: 'baked', at: T0, version: 1 },
        { kind: 'reserved', at: T0, version: 5, orderId: 'o-bob' },
        { kind: 'released', at: T0, version: 7, orderId: 'o-bob' },
        { kind: 'discarded', at: EXPIRES, version: 8 },
      ]),
    ],
    shelves: [{ productId: 'bread', items: [] }],
  };
}
