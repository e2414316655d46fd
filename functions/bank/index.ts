import { randomUUID } from 'node:crypto';
import { app } from '@azure/functions';
import type { BakeryConfig } from '../../shared/config';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { changeFeedOf } from '../../shared/messaging/change-feed';
import { subscribe } from '../../shared/messaging/subscribe';
import { getAccount, getAccountRoute } from './account.http';
import { BANK_CONTAINER } from './bank-container';
import { booksRoute, getBooks } from './books.http';
import { onChargeRequested, onRefundRequested } from './charges.servicebus';
import type { BankDependencies } from './deps';
import { depositRoute, postDeposit } from './deposit.http';
import { KeyedSerializer } from './serial';
import { onSignedUp } from './signed-up.servicebus';
import { takingsFeed } from './takings.changefeed';
import { getTransactions, transactionsRoute } from './transactions.http';

/** The bank's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = (bakery: BakeryConfig) => ({
  account: getAccountRoute,
  deposit: depositRoute(bakery.bank),
  transactions: transactionsRoute,
  books: booksRoute,
});

/** Registers the bank: customers' accounts and ledger, charges and refunds, the bakery's takings. */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const deps: BankDependencies = {
    container: () => store.container(BANK_CONTAINER),
    clock,
    currency: context.bakery.currency,
    calendar: context.calendar,
    limits: context.bakery.bank,
    serial: new KeyedSerializer(),
    newId: randomUUID,
  };
  const verifier = { verifier: context.verifier };

  registerRoute(getAccountRoute, getAccount(deps), verifier);
  registerRoute(depositRoute(deps.limits), postDeposit(deps), verifier);
  registerRoute(transactionsRoute, getTransactions(deps), verifier);
  registerRoute(booksRoute, getBooks(deps), verifier);
  subscribe('bank', 'auth', { 'bakery.user.signed-up.v1': onSignedUp(deps) });
  subscribe('bank', 'pos', {
    'bakery.charge.requested.v1': onChargeRequested(deps),
    'bakery.charge.refund-requested.v1': onRefundRequested(deps),
  });
  registerOutboxRelay({
    service: 'bank',
    containerName: BANK_CONTAINER.name,
    partitionKeyPath: BANK_CONTAINER.partitionKeyPath,
    databaseName: context.databaseName,
    store,
    publisher,
  });
  // The takings account from the ledger: its own lease prefix, so it keeps its own place in the feed.
  app.cosmosDB('bank-takings', {
    ...changeFeedOf({
      databaseName: context.databaseName,
      containerName: BANK_CONTAINER.name,
      leasePrefix: 'bank-takings-',
    }),
    handler: takingsFeed(deps),
  });
}
