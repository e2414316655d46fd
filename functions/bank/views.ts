import { z } from 'zod';
import { instantSchema, moneySchema } from '../../shared/http/schemas';
import type { Account, Entry } from './ledger';

/** How the bank's HTTP answers show an account and its movements. */
export const transactionSchema = z.object({
  id: z.string().describe('The transaction id (the ledger entry)'),
  type: z.enum(['deposit', 'charge', 'refund']),
  amount: moneySchema.describe('Always positive; the type says which way it moved the balance'),
  balanceAfter: moneySchema,
  accountVersion: z
    .int()
    .positive()
    .describe("The account's movement number after this one (1 for the first)"),
  at: instantSchema,
  orderId: z.string().optional().describe('The order a charge or refund was for'),
});

export type TransactionView = z.input<typeof transactionSchema>;

export const accountSchema = z.object({
  accountId: z.string(),
  balance: moneySchema,
  updatedAt: instantSchema,
});

export const depositReplySchema = z.object({ balance: moneySchema, transaction: transactionSchema });
export type DepositReply = z.input<typeof depositReplySchema>;

export function transactionView(entry: Entry): TransactionView {
  const money = (amount: number) => ({ amount, currency: entry.currency });
  return {
    id: entry.transactionId,
    type: entry.type,
    amount: money(entry.amount),
    balanceAfter: money(entry.balanceAfter),
    accountVersion: entry.accountVersion,
    at: entry.at,
    ...(entry.orderId === undefined ? {} : { orderId: entry.orderId }),
  };
}

export function accountView(account: Account): z.input<typeof accountSchema> {
  return {
    accountId: account.accountId,
    balance: { amount: account.balance, currency: account.currency },
    updatedAt: account.updatedAt,
  };
}
