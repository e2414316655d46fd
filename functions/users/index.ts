import { subscribe } from '../../shared/messaging/subscribe';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import type { UsersDependencies } from './deps';
import { getMe, getMeRoute } from './me.http';
import { onUserEvent } from './user-events.servicebus';
import { USERS_CONTAINER } from './users-container';

/** users' HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = () => ({ me: getMeRoute });

/**
 * Registers the users service: one picture per customer, built only from the events the catalog
 * lists users for. It publishes nothing, so it has no outbox relay.
 */
export function register(context: ServiceContext): void {
  const { store } = context.infrastructure;
  const deps: UsersDependencies = {
    container: () => store.container(USERS_CONTAINER),
    currency: context.bakery.currency,
  };
  const apply = onUserEvent(deps);

  registerRoute(getMeRoute, getMe(deps), { verifier: context.verifier });
  subscribe('users', 'auth', { 'bakery.user.signed-up.v1': apply });
  subscribe('users', 'bank', {
    'bakery.account.opened.v1': apply,
    'bakery.deposit.made.v1': apply,
    'bakery.charge.approved.v1': apply,
    'bakery.charge.refunded.v1': apply,
  });
  subscribe('users', 'sales', {
    'bakery.order.placed.v1': apply,
    'bakery.order.completed.v1': apply,
    'bakery.order.rejected.v1': apply,
    'bakery.order.cancelled.v1': apply,
  });
}
