import type { TriggerExtension } from '../host/host-api';
import { problem } from '../host/http-server';
import type { TestIssuer } from './token-issuer';

/**
 * `--dev-tokens` (local only): `POST /admin/dev/token` `{ "sub": "alex", "name": "Alex", "roles":
 * ["reader"] }` mints an access token from the development issuer, whose JWKS URL the app is given
 * as its AUTH_JWKS_URL setting. Loopback only, like every /admin route.
 */
export function devTokensExtension(issuer: TestIssuer): TriggerExtension {
  return {
    name: 'dev-tokens',
    triggerTypes: [],
    async start(host) {
      host.route('POST', 'admin/dev/token', async (request) => {
        let body: { sub?: unknown; name?: unknown; roles?: unknown };
        try {
          body = JSON.parse(request.body.toString('utf8') || '{}') as typeof body;
        } catch {
          return problem(400, 'Bad Request', 'The body is not JSON.', 'BAKERY_INVALID_REQUEST');
        }
        const roles =
          Array.isArray(body.roles) && body.roles.every((r) => typeof r === 'string') ? body.roles : [];
        const sub = typeof body.sub === 'string' && body.sub !== '' ? body.sub : 'dev-user';
        const name = typeof body.name === 'string' ? body.name : sub;
        // Real time: the verifier checks lifetimes on the real clock, not the bakery's.
        const accessToken = await issuer.token({ sub, name, roles });
        return {
          status: 200,
          body: { accessToken, tokenType: 'Bearer', expiresIn: 900, user: { id: sub, name, roles } },
        };
      });
    },
    async stop() {
      await issuer.close();
    },
  };
}
