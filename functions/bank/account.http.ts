import { notFound } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { readAccount } from './account-store';
import type { BankDependencies } from './deps';
import { accountSchema, accountView } from './views';

export const getAccountRoute = defineRoute({
  name: 'bank-account-get',
  method: 'GET',
  route: 'bank/accounts/me',
  auth: 'customer',
  summary: 'My account and its balance',
  description: 'The account opens when the customer first signs in (from `user.signed-up`), with balance 0.',
  responses: { 200: { body: accountSchema, headers: { 'Cache-Control': '`no-store`' } } },
  errors: { 404: 'The account is not open yet (`BAKERY_NOT_FOUND`).' },
});

/** GET /api/bank/accounts/me: the caller's own account, found from the token's subject alone. */
export function getAccount({
  container,
}: Pick<BankDependencies, 'container'>): RouteHandler<typeof getAccountRoute> {
  return async ({ principal }) => {
    const account = await readAccount(await container(), principal.userId);
    if (!account) throw notFound('Your bank account');
    return { status: 200, body: accountView(account), headers: { 'cache-control': 'no-store' } };
  };
}
