import { ConfigError } from './config-error';
import { loadSettings, type Env } from './settings';

/** The rules between AUTH_* settings (auth-settings.ts), through loadSettings as every app reads them. */
function problemsOf(env: Env): readonly string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

// As Bicep sets them for the auth app in Azure (infra/modules/function-app.bicep), the secret resolved.
const azure = {
  AUTH_AUTHORITY: 'https://contosobakery.ciamlogin.com/',
  AUTH_CLIENT_ID: '2f0b8a52-5d3c-4c39-9f3e-0d6b0d0a9c11',
  AUTH_CLIENT_SECRET: 'hunter2-secret-value',
  AUTH_REDIRECT_URI: 'https://func-auth-abc.azurewebsites.net/api/auth/callback',
};

describe('auth settings: sign-in', () => {
  it('reads the Azure shape: Entra authority, client id, secret, default AAD protocol mode', () => {
    expect(loadSettings(azure).auth.signIn).toEqual({
      authority: 'https://contosobakery.ciamlogin.com/',
      clientId: azure.AUTH_CLIENT_ID,
      clientSecret: azure.AUTH_CLIENT_SECRET,
      protocolMode: 'AAD',
      redirectUri: azure.AUTH_REDIRECT_URI,
    });
  });

  it('needs the client id and the secret with an authority, naming each one missing', () => {
    expect(problemsOf({ AUTH_AUTHORITY: azure.AUTH_AUTHORITY })).toEqual([
      'AUTH_CLIENT_ID: required when AUTH_AUTHORITY is set',
      'AUTH_CLIENT_SECRET: required when AUTH_AUTHORITY is set',
    ]);
    const { AUTH_CLIENT_SECRET: _secret, ...noSecret } = azure;
    expect(problemsOf(noSecret)).toEqual(['AUTH_CLIENT_SECRET: required when AUTH_AUTHORITY is set']);
  });

  it('never shows the secret in the error', () => {
    const { AUTH_CLIENT_ID: _id, ...noClient } = azure;
    try {
      loadSettings(noClient);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('AUTH_CLIENT_ID: required when AUTH_AUTHORITY is set');
      expect((error as ConfigError).message).not.toContain(azure.AUTH_CLIENT_SECRET);
    }
  });

  it('has no sign-in without an authority (login answers 503), and refuses an authority that is not https', () => {
    expect(loadSettings({}).auth.signIn).toBeUndefined();
    expect(problemsOf({ ...azure, AUTH_AUTHORITY: 'http://contosobakery.ciamlogin.com/' })).toEqual([
      expect.stringMatching(/^AUTH_AUTHORITY: must be an https URL/),
    ]);
  });

  it('takes the local provider’s OIDC mode and its metadata as JSON only', () => {
    const local = { ...azure, AUTH_AUTHORITY: 'https://127.0.0.1:4443/', AUTH_PROTOCOL_MODE: 'OIDC' };
    expect(loadSettings(local).auth.signIn?.protocolMode).toBe('OIDC');
    expect(problemsOf({ ...local, AUTH_PROTOCOL_MODE: 'SAML' })).toEqual([
      expect.stringMatching(/^AUTH_PROTOCOL_MODE: /),
    ]);
    expect(problemsOf({ ...local, AUTH_AUTHORITY_METADATA: 'not json' })).toEqual([
      "AUTH_AUTHORITY_METADATA: must be the provider's discovery document as JSON",
    ]);
  });
});

describe('auth settings: the signing key', () => {
  const vault = {
    AUTH_KEY_VAULT_URL: 'https://kv-abc.vault.azure.net/',
    AUTH_SIGNING_KEY_NAME: 'access-tokens',
  };

  it('is a Key Vault key (vault and name together) or a file, never both', () => {
    expect(loadSettings(vault).auth.signingKey).toEqual({
      kind: 'key-vault',
      vaultUrl: vault.AUTH_KEY_VAULT_URL,
      keyName: 'access-tokens',
    });
    expect(loadSettings({ AUTH_SIGNING_KEY_FILE: '/state/auth/key.json' }).auth.signingKey).toEqual({
      kind: 'file',
      path: '/state/auth/key.json',
    });
    expect(problemsOf({ AUTH_KEY_VAULT_URL: vault.AUTH_KEY_VAULT_URL })).toEqual([
      'AUTH_SIGNING_KEY_NAME: required when AUTH_KEY_VAULT_URL is set',
    ]);
    expect(problemsOf({ ...vault, AUTH_SIGNING_KEY_FILE: '/state/auth/key.json' })).toEqual([
      'AUTH_SIGNING_KEY_FILE: set either it or AUTH_KEY_VAULT_URL, not both',
    ]);
    expect(loadSettings({}).auth.signingKey).toBeUndefined();
  });

  it('reports sign-in and key problems together, in one error', () => {
    expect(
      problemsOf({ AUTH_AUTHORITY: azure.AUTH_AUTHORITY, AUTH_KEY_VAULT_URL: vault.AUTH_KEY_VAULT_URL }),
    ).toEqual([
      'AUTH_CLIENT_ID: required when AUTH_AUTHORITY is set',
      'AUTH_CLIENT_SECRET: required when AUTH_AUTHORITY is set',
      'AUTH_SIGNING_KEY_NAME: required when AUTH_KEY_VAULT_URL is set',
    ]);
  });
});
