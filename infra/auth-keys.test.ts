import * as path from 'node:path';
import { code, deployed, infra } from './infra-test-kit';

/** The auth service's signing key in Key Vault (infra/modules/auth-keys.bicep) and how apps get it. */
const keys = code(path.join(infra, 'modules/auth-keys.bicep'));
const main = code(path.join(infra, 'main.bicep'));
const app = code(path.join(infra, 'modules/function-app.bicep'));
const KEY_VAULT_CRYPTO_USER = '12338af0-0e69-4776-bea7-57ae8d297424';

describe('the auth signing key in Key Vault', () => {
  it('is a vault with Azure RBAC authorization, soft delete and purge protection, no access policies', () => {
    expect(keys).toMatch(/resource vault 'Microsoft\.KeyVault\/vaults@[\d-]+'/);
    expect(keys).toMatch(/enableRbacAuthorization: true/);
    expect(keys).toMatch(/enablePurgeProtection: true/);
    expect(keys).not.toMatch(/accessPolicies/);
  });

  it('holds a non-exportable EC P-256 key for signing (ES256)', () => {
    expect(keys).toMatch(/resource key 'Microsoft\.KeyVault\/vaults\/keys@[\d-]+'/);
    expect(keys).toMatch(/kty: 'EC'/);
    expect(keys).toMatch(/curveName: 'P-256'/);
    expect(keys).toMatch(/keyOps: \[\s*'sign'/);
    expect(keys).toMatch(/exportable: false/);
  });

  it('gives the auth identity Key Vault Crypto User on the key only', () => {
    expect(keys).toContain(`'${KEY_VAULT_CRYPTO_USER}'`);
    expect(keys).toMatch(/scope: key\b/);
    expect(keys).toMatch(/principalId: authPrincipalId/);
    expect(keys).toMatch(/principalType: 'ServicePrincipal'/);
  });

  it('is deployed with the auth app and its identity, and named in the auth app settings', () => {
    expect(deployed).toContain('auth');
    expect(main).toMatch(/module authKeys 'modules\/auth-keys\.bicep' = if \(authIndex >= 0\)/);
    expect(main).toMatch(
      /authPrincipalId: authIndex >= 0 \? identities\.outputs\.list\[authIndex\]\.principalId/,
    );
    expect(main).toMatch(/authSigningKey: service\.name == 'auth' \?/);
    expect(app).toMatch(/AUTH_KEY_VAULT_URL: authSigningKey\.vaultUrl/);
    expect(app).toMatch(/AUTH_SIGNING_KEY_NAME: authSigningKey\.keyName/);
    expect(app).toMatch(/items\(union\(appSettings, authKeySettings, authSignInSettings, liveSettings\)\)/);
  });
});
