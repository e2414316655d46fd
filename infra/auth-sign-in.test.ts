import * as path from 'node:path';
import { authProblems, type AuthEnv } from '../shared/config/auth-settings';
import { declaredParams, literalString, objectEntries, resourceTypes } from './bicep-text';
import { code, infra, read } from './infra-test-kit';

/**
 * Sign-in in Azure: the auth app's AUTH_AUTHORITY / AUTH_CLIENT_ID / AUTH_CLIENT_SECRET (a Key Vault
 * reference) and the role that lets it read the secret (infra/modules/auth-sign-in.bicep, main.bicep,
 * function-app.bicep), and the Entra app registration (infra/entra/app-registration.bicep).
 */
const signIn = code(path.join(infra, 'modules/auth-sign-in.bicep'));
const main = code(path.join(infra, 'main.bicep'));
const app = code(path.join(infra, 'modules/function-app.bicep'));
const registration = code(path.join(infra, 'entra/app-registration.bicep'));
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

describe('the client secret as a Key Vault reference', () => {
  const settings = objectEntries(app, 'var authSignInSettings = empty(authSignIn) ? {} :');

  it('sets exactly the sign-in settings the app reads, named as shared/config/auth-settings.ts names them', () => {
    expect([...settings.keys()]).toEqual([
      'AUTH_AUTHORITY',
      'AUTH_CLIENT_ID',
      'AUTH_CLIENT_SECRET',
      'AUTH_REDIRECT_URI',
    ]);
    // The values Bicep gives, as the app's own cross-field rules see them: none missing…
    const raw = Object.fromEntries([...settings.keys()].map((key) => [key, 'set'])) as Partial<
      Record<keyof AuthEnv, string>
    >;
    expect(authProblems(raw)).toEqual([]);
    // …and the rules would catch a template that left one out.
    for (const key of ['AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET'] as const) {
      const { [key]: _left, ...rest } = raw;
      expect(authProblems(rest)).toEqual([`${key}: required when AUTH_AUTHORITY is set`]);
    }
  });

  it('holds no secret: the secret setting is a versionless SecretUri reference', () => {
    expect(settings.get('AUTH_CLIENT_SECRET')).toBe(
      "'@Microsoft.KeyVault(SecretUri=${authSignIn.clientSecretUri})'",
    );
    expect(signIn).toMatch(
      /output clientSecretUri string = '\$\{vault\.properties\.vaultUri\}secrets\/\$\{clientSecretName\}\/'/,
    );
    expect(signIn).not.toMatch(/Microsoft\.KeyVault\/vaults\/secrets@/); // the value never goes through a deployment
    expect(declaredParams(main).filter((p) => /secret/i.test(p.name))).toEqual([]);
  });

  it('resolves references with the app’s user-assigned identity', () => {
    expect(app).toMatch(/keyVaultReferenceIdentity: managedIdentity\.id/);
    expect(app).toMatch(/items\(union\(appSettings, authKeySettings, authSignInSettings, liveSettings\)\)/);
  });

  it('gives the auth identity Key Vault Secrets User on the auth vault, nothing broader', () => {
    expect(resourceTypes(signIn)).toEqual([
      'Microsoft.KeyVault/vaults@2023-07-01',
      'Microsoft.Authorization/roleAssignments@2022-04-01',
    ]);
    expect(signIn).toMatch(/resource vault 'Microsoft\.KeyVault\/vaults@[\d-]+' existing/);
    expect(signIn).toContain(`'${KEY_VAULT_SECRETS_USER}'`);
    expect(signIn).toMatch(/scope: vault\b/);
    expect(signIn).toMatch(/principalId: authPrincipalId/);
    expect(signIn).toMatch(/principalType: 'ServicePrincipal'/);
  });

  it('is configured for the auth app only, with the ciamlogin.com authority, all settings or none', () => {
    expect(main).toMatch(
      /var authSignInConfigured = authIndex >= 0 && !empty\(authTenantSubdomain\) && !empty\(authClientId\)/,
    );
    expect(main).toMatch(/module authSignIn 'modules\/auth-sign-in\.bicep' = if \(authSignInConfigured\)/);
    expect(main).toMatch(/vaultName: 'kv-\$\{resourceToken\}'/);
    expect(main).toMatch(/authSignIn: service\.name == 'auth' && authSignInConfigured \? \{/);
    expect(main).toContain("authority: 'https://${authTenantSubdomain}.ciamlogin.com/'");
    expect(main).toMatch(/redirectUri: authRedirectUri/);
    expect(main).toContain(
      "var authRedirectUri = authIndex >= 0 ? 'https://${appName('auth', resourceToken)}.azurewebsites.net/api/auth/callback' : ''",
    );
    for (const name of ['authTenantSubdomain', 'authClientId'])
      expect(declaredParams(main).find((p) => p.name === name)).toMatchObject({ hasDefault: true });
    expect(main).toMatch(/output AUTH_REDIRECT_URI string = authRedirectUri/);
    const parameters = JSON.parse(read(path.join(infra, 'main.parameters.json'))) as {
      parameters: Record<string, { value: string }>;
    };
    expect(parameters.parameters.authTenantSubdomain.value).toBe('${AUTH_TENANT_SUBDOMAIN=}');
    expect(parameters.parameters.authClientId.value).toBe('${AUTH_CLIENT_ID=}');
  });
});

describe('the Entra app registration (Microsoft Graph Bicep, deployed to the external tenant on its own)', () => {
  it('is a tenant-scope template with the Graph v1.0 types pinned', () => {
    expect(registration).toMatch(/^targetScope = 'tenant'$/m);
    expect(registration).toMatch(
      /^extension 'br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:1\.0\.0'$/m,
    );
    expect(resourceTypes(registration).every((type) => type.startsWith('Microsoft.Graph/'))).toBe(true);
  });

  it('registers the bakery with its callback and the `staff` app role for users', () => {
    expect(registration).toMatch(/resource bakeryApp 'Microsoft\.Graph\/applications@v1\.0'/);
    expect(registration).toMatch(/uniqueName: uniqueName/);
    expect(registration).toMatch(/redirectUris: \[\s*redirectUri\s*\]/);
    const role = /appRoles: \[\s*\{([^}]*)\}/.exec(registration)?.[1] ?? '';
    expect(literalString(/value: (.+)/.exec(role)?.[1] ?? '')).toBe('staff');
    expect(role).toMatch(/allowedMemberTypes: \[\s*'User'\s*\]/);
    expect(role).toMatch(/isEnabled: true/);
    expect(role).toMatch(/id: staffRoleId/);
    expect(registration).toMatch(/var staffRoleId = guid\(/); // stable across redeployments
  });

  it('has a service principal (users are assigned the role on it) and admin consent for the sign-in scopes', () => {
    expect(registration).toMatch(
      /resource bakeryPrincipal 'Microsoft\.Graph\/servicePrincipals@v1\.0' = \{\s*appId: bakeryApp\.appId/,
    );
    expect(registration).toMatch(/consentType: 'AllPrincipals'/);
    expect(registration).toMatch(/scope: 'openid profile offline_access'/);
  });

  it('declares no password: Graph Bicep cannot create one, the secret is made by hand (docs/deploy.md)', () => {
    expect(registration).not.toMatch(/passwordCredentials/);
    expect(read(path.join(infra, '../docs/deploy.md'))).toMatch(
      /az keyvault secret set[^\n]*auth-client-secret/,
    );
    expect(registration).toMatch(/output clientId string = bakeryApp\.appId/);
  });
});
