import { z } from 'zod';
import type { Infrastructure } from '../../shared/hosting/infrastructure';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema } from '../../shared/http/schemas';

export interface HealthDependencies {
  infrastructure: Infrastructure;
  /** Services whose functions this app registered. */
  services: readonly string[];
}

export const healthRoute = defineRoute({
  name: 'health',
  method: 'GET',
  route: 'health',
  auth: 'public',
  summary: 'The runtime, the loaded services and the bakery clock',
  responses: {
    200: {
      body: z.object({
        status: z.literal('ok'),
        runtime: z
          .looseObject({ runtime: z.string().describe('`azure-functions`, or `bakery-local` locally') })
          .describe('Where the app runs'),
        services: z.array(z.string()).describe('The services this app registered'),
        clock: z.object({ now: instantSchema.describe('The bakery clock (virtual when run locally)') }),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/** GET /api/health — the runtime, the loaded services and the bakery clock. */
export function health({ infrastructure, services }: HealthDependencies): RouteHandler<typeof healthRoute> {
  return async () => ({
    status: 200,
    body: {
      status: 'ok',
      runtime: infrastructure.runtime() as { runtime: string },
      services: [...services],
      clock: { now: new Date(infrastructure.clock.now()).toISOString() },
    },
    headers: { 'cache-control': 'no-store' },
  });
}
