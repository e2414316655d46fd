import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { negotiate, negotiateRoute } from './negotiate.http';

/** The negotiate function's route declaration (for docs/openapi.json). */
export const httpRoutes = () => ({ negotiate: negotiateRoute });

/**
 * Live updates' own function, on every app that has live updates (WEB_PUBSUB_ENDPOINT in Azure,
 * always on the local runtime): the services publish through context.infrastructure.live, and
 * browsers ask here where to connect. Without live updates it is not registered at all.
 */
export function registerLive(context: ServiceContext): void {
  const { live } = context.infrastructure;
  if (live.kind === 'off') return;
  registerRoute(negotiateRoute, negotiate({ live }), { verifier: context.verifier });
}
