import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MINUTE, toIso } from '../../shared/clock';
import { createBakeryEvent, type BakeryEvent, type PayloadOf } from '../../shared/events/catalog';
import type { PictureView } from './picture-view';
import type { UserEventType } from './picture-types';

/**
 * A customer's day as the other services tell it, for users' tests: sign-up, account, deposits,
 * one order completed, one rejected, one more completed, and a last one cancelled whose late
 * charge was refunded. `expected` is the picture those events must give, written out by hand.
 */
export interface CustomerStory {
  userId: string;
  events: Array<BakeryEvent<UserEventType>>;
  expected: PictureView;
}

const aud = (amount: number) => ({ amount, currency: 'AUD' });

export function customerStory(userId: string, start: number): CustomerStory {
  const at = (minutes: number) => toIso(start + minutes * MINUTE);
  const accountId = `account-${userId}`;
  const [first, rejected, second, cancelled] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const breads = [randomUUID(), randomUUID()].map((id) => ({ id, productId: 'bread' }));
  const croissant = [{ id: randomUUID(), productId: 'croissant' }];
  const charge = (orderId: string, amount: number, balance: number, accountVersion: number) => ({
    chargeId: `charge-${orderId}`,
    orderId,
    userId,
    amount: aud(amount),
    transactionId: `tx-${userId}-${accountVersion}`,
    balance: aud(balance),
    accountVersion,
  });
  const deposit = (amount: number, balance: number, accountVersion: number, t: number) => ({
    accountId,
    userId,
    transactionId: `tx-${userId}-${accountVersion}`,
    amount: aud(amount),
    balance: aud(balance),
    accountVersion,
    depositedAt: at(t),
  });
  const facts: Fact[] = [
    ['bakery.user.signed-up.v1', { userId, name: `Ada ${userId}`, signedUpAt: at(0) }],
    ['bakery.account.opened.v1', { accountId, userId, currency: 'AUD', openedAt: at(1) }],
    ['bakery.deposit.made.v1', deposit(2000, 2000, 1, 2)],
    ['bakery.order.placed.v1', placed(first, userId, 'bread', 2, at(3))],
    ['bakery.charge.approved.v1', { ...charge(first, 1600, 400, 2), approvedAt: at(4) }],
    [
      'bakery.order.completed.v1',
      { orderId: first, userId, items: breads, total: aud(1600), completedAt: at(5) },
    ],
    ['bakery.order.placed.v1', placed(rejected, userId, 'donut', 1, at(6))],
    ['bakery.order.rejected.v1', { orderId: rejected, userId, reason: 'out-of-stock', rejectedAt: at(7) }],
    ['bakery.deposit.made.v1', deposit(1000, 1400, 3, 8)],
    ['bakery.order.placed.v1', placed(second, userId, 'croissant', 1, at(9))],
    ['bakery.charge.approved.v1', { ...charge(second, 450, 950, 4), approvedAt: at(10) }],
    [
      'bakery.order.completed.v1',
      { orderId: second, userId, items: croissant, total: aud(450), completedAt: at(11) },
    ],
    ['bakery.order.placed.v1', placed(cancelled, userId, 'muffin', 1, at(12))],
    [
      'bakery.order.cancelled.v1',
      { orderId: cancelled, userId, reason: 'payment-timeout', cancelledAt: at(13) },
    ],
    // The approval came after the saga gave up waiting: it is refunded, never kept.
    ['bakery.charge.approved.v1', { ...charge(cancelled, 400, 550, 5), approvedAt: at(14) }],
    ['bakery.charge.refunded.v1', { ...charge(cancelled, 400, 950, 6), refundedAt: at(15) }],
  ];
  const clock = { now: () => start };
  const events = facts.map(([type, data], step) =>
    createBakeryEvent<UserEventType>(type, data, { clock, id: `${userId}:${step}` }),
  );
  return {
    userId,
    events,
    expected: {
      userId,
      name: `Ada ${userId}`,
      account: { id: accountId, balance: aud(950) },
      orders: {
        count: 4,
        last: {
          id: cancelled,
          status: 'cancelled',
          reason: 'payment-timeout',
          placedAt: at(12),
          updatedAt: at(13),
        },
      },
      totalSpent: aud(2050),
      itemsReceived: [...breads, ...croissant],
    },
  };
}

type Fact = { [K in UserEventType]: [K, PayloadOf<K>] }[UserEventType];

function placed(orderId: string, userId: string, productId: string, quantity: number, placedAt: string) {
  return { orderId, userId, lines: [{ productId, quantity }], placedAt };
}

/**
 * Every order of arrival of `items`, some told again (a redelivery): a permutation with repeats
 * inserted anywhere. fast-check shrinks a failing one to a short case.
 */
export function shuffledWithRepeats<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  if (items.length === 0) return fc.constant([]);
  return fc
    .tuple(
      fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length }),
      fc.array(fc.tuple(fc.nat(items.length - 1), fc.nat(items.length)), { maxLength: items.length }),
    )
    .map(([order, repeats]) => {
      const out = [...order];
      for (const [which, where] of repeats) out.splice(where, 0, items[which]);
      return out;
    });
}
