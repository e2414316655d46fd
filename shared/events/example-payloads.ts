import type { EventType, PayloadOf } from './catalog';

/**
 * One valid payload per event type (the type forces a new event to bring one). Tests use them as
 * builders: `{ ...examplePayloads['bakery.order.placed.v1'], orderId: randomUUID() }`.
 */
const order = '5b0c7f4e-1f9a-4c39-9a57-0d7a3e6f2b11';
const loaf = '0e6f8a52-7a44-4b8e-8a63-2b7d9d1c4a01';
const donut = '9a1d2c3b-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const user = 'user-7f3a';
const at = '2025-06-01T09:30:00.000Z';
const aud = (amount: number) => ({ amount, currency: 'AUD' });
const items = [
  { id: loaf, productId: 'bread' },
  { id: donut, productId: 'donut' },
];
const lines = [
  { productId: 'bread', quantity: 1 },
  { productId: 'donut', quantity: 1 },
];
const charge = { chargeId: `${order}:charge`, orderId: order, userId: user, amount: aud(950) };

export const examplePayloads: { [K in EventType]: PayloadOf<K> } = {
  'bakery.batch.baked.v1': {
    productId: 'bread',
    batchId: 'bread:2025-06-01T09:30',
    bakedAt: at,
    items: [{ id: loaf, bakedAt: at, expiresAt: '2025-06-01T17:00:00.000Z' }],
  },
  'bakery.stock.changed.v1': {
    productId: 'bread',
    available: 5,
    asOf: at,
    version: 12,
    expiries: [{ expiresAt: '2025-06-01T17:00:00.000Z', count: 5 }],
  },
  'bakery.order.reserved.v1': {
    orderId: order,
    userId: user,
    items: items.map((i) => ({ ...i, expiresAt: '2025-06-01T17:00:00.000Z' })),
    reservedAt: at,
  },
  'bakery.order.reservation-failed.v1': {
    orderId: order,
    userId: user,
    reason: 'out-of-stock',
    shortages: [{ productId: 'donut', requested: 3, available: 1 }],
    failedAt: at,
  },
  'bakery.order.handed-over.v1': { orderId: order, userId: user, items, handedOverAt: at },
  'bakery.items.expired.v1': { productId: 'donut', itemIds: [donut], expiredAt: at },
  'bakery.items.discarded.v1': { productId: 'bread', itemIds: [loaf], discardedAt: at },
  'bakery.menu-item.changed.v1': {
    productId: 'donut',
    name: 'Donut',
    description: 'Cinnamon sugar',
    price: aud(350),
    closingDiscountPercent: 50,
    effectiveFrom: at,
    version: 3,
  },
  'bakery.order.placed.v1': { orderId: order, userId: user, lines, placedAt: at },
  'bakery.payment.requested.v1': { orderId: order, userId: user, lines, placedAt: at },
  'bakery.order.paid.v1': { orderId: order, userId: user, total: aud(950), paidAt: at },
  'bakery.order.completed.v1': { orderId: order, userId: user, items, total: aud(950), completedAt: at },
  'bakery.order.rejected.v1': { orderId: order, userId: user, reason: 'out-of-stock', rejectedAt: at },
  'bakery.order.cancelled.v1': {
    orderId: order,
    userId: user,
    reason: 'insufficient-funds',
    cancelledAt: at,
  },
  'bakery.refund.requested.v1': {
    orderId: order,
    userId: user,
    amount: aud(950),
    reason: 'late-payment',
    requestedAt: at,
  },
  'bakery.charge.requested.v1': { ...charge, requestedAt: at },
  'bakery.payment.succeeded.v1': { ...charge, paidAt: at },
  'bakery.payment.failed.v1': {
    orderId: order,
    userId: user,
    chargeId: charge.chargeId,
    reason: 'insufficient-funds',
    failedAt: at,
  },
  'bakery.charge.refund-requested.v1': { ...charge, requestedAt: at },
  'bakery.payment.refunded.v1': { ...charge, refundedAt: at },
  'bakery.charge.approved.v1': {
    ...charge,
    transactionId: 'tx-1',
    balance: aud(750),
    accountVersion: 2,
    approvedAt: at,
  },
  'bakery.charge.declined.v1': { ...charge, reason: 'insufficient-funds', declinedAt: at },
  'bakery.charge.refunded.v1': {
    ...charge,
    transactionId: 'tx-2',
    balance: aud(2000),
    accountVersion: 3,
    refundedAt: at,
  },
  'bakery.account.opened.v1': { accountId: `account-${user}`, userId: user, currency: 'AUD', openedAt: at },
  'bakery.deposit.made.v1': {
    accountId: `account-${user}`,
    userId: user,
    transactionId: 'tx-0',
    amount: aud(2000),
    balance: aud(2000),
    accountVersion: 1,
    depositedAt: at,
  },
  'bakery.user.signed-up.v1': { userId: user, name: 'Ada', signedUpAt: at },
};
