import { z } from 'zod';
import { isoNow } from '../../shared/clock';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema, moneySchema } from '../../shared/http/schemas';
import { summarizeBooks } from './books';
import type { BankDependencies } from './deps';
import { listAccounts } from './ledger-store';
import { readTakings } from './takings-store';

export const booksRoute = defineRoute({
  name: 'bank-books-get',
  method: 'GET',
  route: 'bank/books',
  auth: 'staff',
  summary: "The bank's books: customers' balances, the bakery's takings, deposits",
  description:
    "Customers' balances + takings = deposits, to the cent, once the takings have applied every charge and refund (`pending` is zero then). Reads every account: a staff view, not for every request.",
  responses: {
    200: {
      body: z.object({
        asOf: instantSchema,
        accounts: z.int().min(0),
        accountsOutOfBalance: z
          .int()
          .min(0)
          .describe('Accounts whose totals disagree with their balance (0)'),
        deposits: moneySchema,
        customers: moneySchema.describe("Sum of the customers' balances"),
        charges: moneySchema,
        refunds: moneySchema,
        takings: moneySchema.describe("The bakery's takings account"),
        pending: moneySchema.describe('Charges less refunds the takings have not applied yet'),
        balanced: z.boolean().describe('customers + takings = deposits'),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/** GET /api/bank/books (staff). */
export function getBooks({
  container,
  clock,
  currency,
}: Pick<BankDependencies, 'container' | 'clock' | 'currency'>): RouteHandler<typeof booksRoute> {
  return async () => {
    const store = await container();
    const [accounts, takings] = await Promise.all([listAccounts(store), readTakings(store)]);
    const books = summarizeBooks(accounts, takings);
    const money = (amount: number) => ({ amount, currency });
    return {
      status: 200,
      body: {
        asOf: isoNow(clock),
        accounts: books.accounts,
        accountsOutOfBalance: books.accountsOutOfBalance,
        deposits: money(books.deposits),
        customers: money(books.customers),
        charges: money(books.charges),
        refunds: money(books.refunds),
        takings: money(books.takings),
        pending: money(books.pending),
        balanced: books.balanced,
      },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
