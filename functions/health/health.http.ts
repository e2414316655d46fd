import type { HttpResponseInit } from '@azure/functions';
import type { Infrastructure } from '../../shared/hosting/infrastructure';

export interface HealthDependencies {
  infrastructure: Infrastructure;
  /** Services whose functions this app registered. */
  services: readonly string[];
}

/** GET /api/health — the runtime, the loaded services and the bakery clock. */
export function health({ infrastructure, services }: HealthDependencies) {
  return async (): Promise<HttpResponseInit> => {
    const runtime = infrastructure.runtime();
    return {
      status: 200,
      jsonBody: {
        status: 'ok',
        runtime,
        services,
        clock: { now: new Date(infrastructure.clock.now()).toISOString() },
      },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
