import { FailureLimiter } from '../../shared/auth/failure-limiter';
import type { BakeryConfig } from '../../shared/config';
import { azureCredential } from '../../shared/hosting/infrastructure';
import type { ServiceContext } from '../../shared/hosting/service-context';
import { registerRoute } from '../../shared/http';
import { registerOutboxRelay } from '../../shared/messaging/outbox';
import { AUTH_CONTAINER, type AuthDocument } from './auth-container';
import { notConfigured, type AuthDependencies } from './deps';
import { jwks, jwksRoute } from './jwks.http';
import { callback, callbackRoute, login, loginRoute } from './login.http';
import { FileKeySource } from './signing/file-keys';
import type { KeySource } from './signing/key-source';
import { KeyVaultKeySource, keyVaultClients } from './signing/key-vault-keys';
import { msalSignInClient, type SignInClient } from './sign-in/msal-client';
import { logout, logoutRoute, token, tokenRoute } from './token.http';

/** auth's HTTP routes as declared (docs/openapi.json is generated from them). */
export const httpRoutes = (_bakery: BakeryConfig) => ({
  login: loginRoute,
  callback: callbackRoute,
  token: tokenRoute,
  logout: logoutRoute,
  jwks: jwksRoute,
});

/** Registers the auth service: signs people in with MSAL and issues the bakery's access tokens. */
export function register(context: ServiceContext): void {
  const { store, publisher, clock } = context.infrastructure;
  const { auth, azureIdentity } = context.settings;
  const realClock = context.realClock;
  let signIn: SignInClient | undefined;
  let keys: KeySource | undefined;
  const signingKey = auth.signingKey;
  const deps: AuthDependencies = {
    container: () => store.container<AuthDocument>(AUTH_CONTAINER),
    bakeryClock: clock,
    realClock,
    signIn: auth.signIn
      ? () => (signIn ??= msalSignInClient(auth.signIn!))
      : notConfigured('AUTH_AUTHORITY is not set'),
    keys: !signingKey
      ? notConfigured('AUTH_SIGNING_KEY_FILE or AUTH_KEY_VAULT_URL is not set')
      : () =>
          (keys ??=
            signingKey.kind === 'file'
              ? new FileKeySource(signingKey.path, realClock)
              : new KeyVaultKeySource(
                  signingKey.keyName,
                  keyVaultClients(signingKey.vaultUrl, azureCredential(azureIdentity)),
                  realClock,
                )),
    issuer: auth.issuer,
    audience: auth.audience,
    ...(auth.signIn?.redirectUri ? { redirectUri: auth.signIn.redirectUri } : {}),
    failures: new FailureLimiter({ maxFailures: 20, windowMs: 15 * 60_000 }, realClock),
  };

  registerRoute(loginRoute, login(deps));
  registerRoute(callbackRoute, callback(deps));
  registerRoute(tokenRoute, token(deps));
  registerRoute(logoutRoute, logout(deps));
  registerRoute(jwksRoute, jwks(deps));
  registerOutboxRelay({
    service: 'auth',
    containerName: AUTH_CONTAINER.name,
    partitionKeyPath: AUTH_CONTAINER.partitionKeyPath,
    databaseName: context.databaseName,
    store,
    publisher,
  });
}
