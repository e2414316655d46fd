import { z } from 'zod';
import { badRequest, notFound } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { accountIdOf } from './bank-container';
import { decodeContinuation, encodeContinuation } from './continuation';
import type { BankDependencies } from './deps';
import { readAccount } from './account-store';
import { listEntries } from './ledger-store';
import { transactionSchema, transactionView } from './views';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

export const transactionsRoute = defineRoute({
  name: 'bank-transactions-get',
  method: 'GET',
  route: 'bank/accounts/me/transactions',
  auth: 'customer',
  summary: 'My deposits, charges and refunds, newest first',
  description: `Pages of at most \`limit\` (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}); \`continuationToken\` from one page asks for the next, and is absent on the last.`,
  query: z.object({
    limit: z
      .string()
      .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_PAGE}`)
      .transform(Number)
      .pipe(
        z
          .int()
          .min(1, `must be a whole number from 1 to ${MAX_PAGE}`)
          .max(MAX_PAGE, `must be a whole number from 1 to ${MAX_PAGE}`),
      )
      .optional(),
    continuationToken: z.string().max(200).optional().describe('From the previous page'),
  }),
  responses: {
    200: {
      body: z.object({
        items: z.array(transactionSchema),
        continuationToken: z
          .string()
          .optional()
          .describe('Ask for the next page with it; absent on the last'),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
  errors: { 404: 'The account is not open yet (`BAKERY_NOT_FOUND`).' },
});

/** GET /api/bank/accounts/me/transactions: the caller's own ledger, one page at a time. */
export function getTransactions({
  container,
}: Pick<BankDependencies, 'container'>): RouteHandler<typeof transactionsRoute> {
  return async ({ principal, query }) => {
    let before: number | undefined;
    if (query.continuationToken !== undefined) {
      before = decodeContinuation(query.continuationToken);
      if (before === undefined)
        throw badRequest([{ field: 'continuationToken', message: 'is not a token this service gave' }]);
    }
    const store = await container();
    if (!(await readAccount(store, principal.userId))) throw notFound('Your bank account');
    const page = await listEntries(store, accountIdOf(principal.userId), {
      limit: query.limit ?? DEFAULT_PAGE,
      ...(before === undefined ? {} : { before }),
    });
    return {
      status: 200,
      body: {
        items: page.entries.map(transactionView),
        ...(page.nextBefore === undefined ? {} : { continuationToken: encodeContinuation(page.nextBefore) }),
      },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
