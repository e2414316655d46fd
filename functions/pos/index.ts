import type { ServiceContext } from '../../shared/hosting/service-context';

/** The pos service's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = () => ({});

/** Registers the pos service (being built: issue 11). */
export function register(_context: ServiceContext): void {}
