import { ConfigError } from './config-error';
import { loadSettings, type Env } from './settings';

function problemsOf(env: Env): readonly string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const cosmos = { BAKERY_STORE: 'cosmos', COSMOS_ENDPOINT: 'https://bakery.documents.azure.com:443/' };
const serviceBus = {
  BAKERY_BUS: 'servicebus',
  SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: 'bakery.servicebus.windows.net',
};

describe('loadSettings', () => {
  it('runs the whole bakery embedded when nothing is set', () => {
    expect(loadSettings({})).toEqual({
      services: ['health', 'production', 'products', 'menu', 'sales', 'pos', 'bank', 'users', 'auth'],
      store: { kind: 'embedded' },
      bus: { kind: 'embedded' },
      auth: { issuer: 'urn:bakery:auth', audience: 'urn:bakery:api' },
      bakeryConfigPath: 'bakery.config.json',
      azureIdentity: { kind: 'developer' },
      live: { kind: 'embedded', hub: 'bakery' },
    });
  });

  it("uses the app's user-assigned managed identity when AZURE_CLIENT_ID names it, else the developer's sign-in", () => {
    const clientId = '0b6f1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(loadSettings({ AZURE_CLIENT_ID: ` ${clientId} ` }).azureIdentity).toEqual({
      kind: 'managed-identity',
      clientId,
    });
    expect(loadSettings({ AZURE_CLIENT_ID: '' }).azureIdentity).toEqual({ kind: 'developer' });
    expect(problemsOf({ AZURE_CLIENT_ID: 'id-products' })).toEqual([
      "AZURE_CLIENT_ID: must be the user-assigned managed identity's client id (a GUID)",
    ]);
  });

  it('loads only the listed services, plus health, ignoring case, blanks and repeats', () => {
    expect(loadSettings({ BAKERY_SERVICES: ' Bank, users,,bank ' }).services).toEqual([
      'health',
      'bank',
      'users',
    ]);
    expect(loadSettings({ BAKERY_SERVICES: 'health' }).services).toEqual(['health']);
  });

  it('treats blank values as unset', () => {
    expect(loadSettings({ BAKERY_SERVICES: '  ', BAKERY_STORE: '', COSMOS_DATABASE: ' ' }).store).toEqual({
      kind: 'embedded',
    });
  });

  it('names an unknown service and lists the known ones', () => {
    expect(problemsOf({ BAKERY_SERVICES: 'bank,bnak' })).toEqual([
      'BAKERY_SERVICES: unknown service "bnak" (known: production, products, menu, sales, pos, bank, users, auth, health)',
    ]);
    expect(problemsOf({ BAKERY_SERVICES: ',' })).toEqual([
      'BAKERY_SERVICES: lists no service; leave it unset to load all',
    ]);
  });

  it('connects to Cosmos with identity unless a key is given', () => {
    expect(loadSettings(cosmos).store).toEqual({
      kind: 'cosmos',
      endpoint: 'https://bakery.documents.azure.com:443/',
      database: 'bakery',
      credential: { kind: 'identity' },
    });
    expect(
      loadSettings({ ...cosmos, COSMOS_KEY: 'k3y', COSMOS_DATABASE: 'bakery-test' }).store,
    ).toMatchObject({
      database: 'bakery-test',
      credential: { kind: 'key', key: 'k3y' },
    });
  });

  it('requires COSMOS_ENDPOINT for the cosmos store, and a real URL', () => {
    expect(problemsOf({ BAKERY_STORE: 'cosmos' })).toEqual([
      'COSMOS_ENDPOINT: required when BAKERY_STORE is "cosmos"',
    ]);
    expect(problemsOf({ ...cosmos, COSMOS_ENDPOINT: 'bakery.documents.azure.com' })).toEqual([
      expect.stringMatching(
        /^COSMOS_ENDPOINT: must be an http\(s\) URL like .* \(got "bakery.documents.azure.com"\)$/,
      ),
    ]);
  });

  it('rejects a database name Cosmos would refuse', () => {
    expect(problemsOf({ ...cosmos, COSMOS_DATABASE: 'a/b' })).toEqual([
      'COSMOS_DATABASE: must be 1-255 characters without / \\ # ?',
    ]);
  });

  it('rejects unknown store and bus kinds, showing the value', () => {
    expect(problemsOf({ BAKERY_STORE: 'cosmo', BAKERY_BUS: 'kafka' })).toEqual([
      'BAKERY_STORE: must be "embedded" or "cosmos" (got "cosmo")',
      'BAKERY_BUS: must be "embedded" or "servicebus" (got "kafka")',
    ]);
  });

  it('connects to Service Bus by namespace (identity) or by connection string', () => {
    expect(loadSettings(serviceBus).bus).toEqual({
      kind: 'servicebus',
      connection: { kind: 'identity', fullyQualifiedNamespace: 'bakery.servicebus.windows.net' },
    });
    const connectionString =
      'Endpoint=sb://localhost;SharedAccessKeyName=Root;SharedAccessKey=s3cret;UseDevelopmentEmulator=true;';
    expect(
      loadSettings({ BAKERY_BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: connectionString }).bus,
    ).toEqual({
      kind: 'servicebus',
      connection: { kind: 'connection-string', connectionString },
    });
  });

  it('needs exactly one Service Bus connection setting', () => {
    expect(problemsOf({ BAKERY_BUS: 'servicebus' })).toEqual([
      expect.stringMatching(
        /^SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: required when BAKERY_BUS is "servicebus"/,
      ),
    ]);
    expect(
      problemsOf({ ...serviceBus, SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://x/;SharedAccessKey=k' }),
    ).toEqual([
      'SERVICEBUS_CONNECTION_STRING: set either it or SERVICEBUS_FULLY_QUALIFIED_NAMESPACE, not both',
    ]);
  });

  it('catches a namespace given as a URL', () => {
    expect(
      problemsOf({
        ...serviceBus,
        SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: 'sb://bakery.servicebus.windows.net/',
      }),
    ).toEqual([
      'SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: must be a host name like my-bakery.servicebus.windows.net (no scheme, no path)',
    ]);
  });

  it('never echoes a secret in its messages', () => {
    const error = (() => {
      try {
        loadSettings({ BAKERY_BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: 'SharedAccessKey=hunter2' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      'SERVICEBUS_CONNECTION_STRING: must contain Endpoint=sb://',
    );
    expect((error as ConfigError).message).not.toContain('hunter2');
  });

  it('reads the token settings', () => {
    const settings = loadSettings({
      AUTH_ISSUER: 'https://auth.bakery',
      AUTH_AUDIENCE: 'bakery-api',
      AUTH_JWKS_URL: 'https://auth.bakery/api/auth/jwks',
    });
    expect(settings.auth).toEqual({
      issuer: 'https://auth.bakery',
      audience: 'bakery-api',
      jwksUrl: new URL('https://auth.bakery/api/auth/jwks'),
    });
    expect(problemsOf({ AUTH_JWKS_URL: 'ftp://auth.bakery/jwks' })).toEqual([
      expect.stringMatching(/^AUTH_JWKS_URL: must be an http\(s\) URL/),
    ]);
  });

  it('reports every problem at once, in one readable message', () => {
    let message = '';
    try {
      loadSettings({ BAKERY_SERVICES: 'bnak', BAKERY_STORE: 'cosmos', BAKERY_BUS: 'servicebus' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringContaining('  - BAKERY_SERVICES: unknown service "bnak"'),
      '  - COSMOS_ENDPOINT: required when BAKERY_STORE is "cosmos"',
      expect.stringContaining('  - SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: required'),
    ]);
  });

  it('ignores settings that are not its own', () => {
    expect(() => loadSettings({ PATH: '/usr/bin', WEBSITE_SITE_NAME: 'x' })).not.toThrow();
  });
});
