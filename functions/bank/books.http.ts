import { z } from 'zod';
import { isoNow } from '../../shared/clock';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema, localDateSchema, moneySchema } from '../../shared/http/schemas';
import { dayTotals, dayWindow, summarizeBooks } from './books';
import type { BankDependencies } from './deps';
import { listAccounts, listMovementsBetween } from './ledger-store';
import { readTakings } from './takings-store';

export const booksRoute = defineRoute({
  name: 'bank-books-get',
  method: 'GET',
  route: 'bank/books',
  auth: 'staff',
  summary: "The bank's books: customers' balances, the bakery's takings, deposits",
  description:
    "Customers' balances + takings = deposits, to the cent, once the takings have applied every charge and refund (`pending` is zero then). `day` is what one bakery day moved: the charges approved and the refunds made on it (by the bakery's local date of `approvedAt` / `refundedAt`), `date` or today's bakery day. Reads every account: a staff view, not for every request.",
  query: z.object({
    date: localDateSchema.optional().describe("Bakery-local date YYYY-MM-DD of `day`; default today's"),
  }),
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
        day: z
          .object({
            date: localDateSchema,
            charges: moneySchema.describe('Charges approved on that bakery day'),
            refunds: moneySchema.describe('Refunds made on that bakery day (whenever their charge was)'),
            net: moneySchema.describe('charges - refunds'),
          })
          .describe('One bakery day'),
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
  calendar,
}: Pick<BankDependencies, 'container' | 'clock' | 'currency' | 'calendar'>): RouteHandler<typeof booksRoute> {
  return async ({ query }) => {
    const date = query.date ?? calendar.dayOf(clock.now());
    const store = await container();
    const [accounts, takings, movements] = await Promise.all([
      listAccounts(store),
      readTakings(store),
      listMovementsBetween(store, dayWindow(date)),
    ]);
    const books = summarizeBooks(accounts, takings);
    const day = dayTotals(movements, date, (t) => calendar.dayOf(t));
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
        day: { date, charges: money(day.charges), refunds: money(day.refunds), net: money(day.net) },
      },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
