import { z } from 'zod';
import { publishedBy } from '../define-event';
import { accountVersion, money, opaqueId, orderId, positiveMoney, timestamp, userId } from '../payload-parts';

const event = publishedBy('bank');

const charge = { chargeId: opaqueId, orderId, userId, amount: positiveMoney };

export const bankEvents = {
  'bakery.charge.approved.v1': event({
    consumers: ['pos', 'users'],
    description:
      "The charge was taken from the customer's account; balance is the account's balance after it.",
    schema: z.object({
      ...charge,
      transactionId: opaqueId,
      balance: money,
      accountVersion,
      approvedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.charge.declined.v1': event({
    consumers: ['pos'],
    description: 'The charge was refused; the account is unchanged (it never goes negative).',
    schema: z.object({
      ...charge,
      reason: z.enum(['insufficient-funds', 'no-account']),
      declinedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.charge.refunded.v1': event({
    consumers: ['pos', 'users'],
    description:
      "An approved charge was paid back into the customer's account; balance is the balance after it.",
    schema: z.object({
      ...charge,
      transactionId: opaqueId,
      balance: money,
      accountVersion,
      refundedAt: timestamp,
    }),
    subjectOf: (data) => data.orderId,
  }),
  'bakery.account.opened.v1': event({
    consumers: ['users'],
    description: 'A new customer got a bank account with a zero balance.',
    schema: z.object({ accountId: opaqueId, userId, currency: money.shape.currency, openedAt: timestamp }),
    subjectOf: (data) => data.userId,
  }),
  'bakery.deposit.made.v1': event({
    consumers: ['users'],
    description: 'A customer put money into their account.',
    schema: z.object({
      accountId: opaqueId,
      userId,
      transactionId: opaqueId,
      amount: positiveMoney,
      balance: money,
      accountVersion,
      depositedAt: timestamp,
    }),
    subjectOf: (data) => data.userId,
  }),
};
