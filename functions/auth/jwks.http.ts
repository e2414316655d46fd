import { z } from 'zod';
import { unavailable } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import type { AuthDependencies } from './deps';

const jwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

export const jwksRoute = defineRoute({
  name: 'auth-jwks',
  method: 'GET',
  route: 'auth/jwks',
  auth: 'public',
  summary: 'The public keys that verify access tokens (current and previous)',
  responses: {
    200: { body: z.object({ keys: z.array(jwk) }), headers: { 'Cache-Control': '`public, max-age=300`' } },
  },
  errors: { 503: 'Token signing is not configured or its key cannot be reached.' },
});

export function jwks(deps: AuthDependencies): RouteHandler<typeof jwksRoute> {
  return async () => {
    const keys = await deps
      .keys()
      .publicKeys()
      .catch((error: unknown) => {
        throw unavailable('The token signing keys cannot be reached.', error, 30);
      });
    return { status: 200, body: { keys }, headers: { 'cache-control': 'public, max-age=300' } };
  };
}
