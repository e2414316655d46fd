import type { ServiceContext } from '../../shared/hosting/service-context';

/** The sales service's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = () => ({});

/** Registers the sales service (being built: issue 11). */
export function register(_context: ServiceContext): void {}
