import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { issueAccessToken } from './access-token';
import { KEY_VAULT_CACHE_MS, KeyVaultKeySource, type KeyVaultClients } from './key-vault-keys';

/**
 * The Key Vault SDK mocked at its boundary (KeyClient.getKey / listPropertiesOfKeyVersions and
 * CryptographyClient.sign): the "vault" holds real P-256 keys. Key Vault signs a digest it is given,
 * which node:crypto cannot do (it always hashes), so the mock answers 64 random bytes and the test
 * checks what matters at the boundary: the digest sent is SHA-256 of exactly the JWS signing input,
 * the vault's answer is the token's signature, and the published JWK is the vault key's public key.
 */
const NOW = Date.parse('2026-12-01T09:00:00Z');
const VAULT = 'https://bakery-kv.vault.azure.net';

interface Version {
  version: string;
  privateKey: KeyObject;
  enabled: boolean;
  createdOn: Date;
  expiresOn?: Date;
}

function vault(versions: Version[]) {
  const digests: Array<{ keyId: string; algorithm: string; digest: Uint8Array; result: Buffer }> = [];
  const keyOf = (version: Version) => {
    const jwk = version.privateKey.export({ format: 'jwk' });
    return {
      name: 'access-tokens',
      key: {
        kty: 'EC-HSM' as const,
        crv: 'P-256' as const,
        x: Buffer.from(String(jwk.x), 'base64url'),
        y: Buffer.from(String(jwk.y), 'base64url'),
      },
      properties: {
        id: `${VAULT}/keys/access-tokens/${version.version}`,
        version: version.version,
        enabled: version.enabled,
        name: 'access-tokens',
        vaultUrl: VAULT,
      },
    };
  };
  const clients: KeyVaultClients = {
    keys: {
      getKey: jest.fn(async (_name: string, options?: { version?: string }) => {
        const version = options?.version
          ? versions.find((v) => v.version === options.version)!
          : [...versions].sort((a, b) => b.createdOn.getTime() - a.createdOn.getTime())[0];
        return keyOf(version);
      }),
      listPropertiesOfKeyVersions: jest.fn(() =>
        (async function* () {
          for (const v of versions)
            yield { ...keyOf(v).properties, createdOn: v.createdOn, expiresOn: v.expiresOn };
        })(),
      ) as unknown as KeyVaultClients['keys']['listPropertiesOfKeyVersions'],
    },
    crypto: (keyId) => ({
      sign: jest.fn(async (algorithm: string, digest: Uint8Array) => {
        const result = randomBytes(64);
        digests.push({ keyId, algorithm, digest, result });
        return { result, algorithm, keyID: keyId };
      }),
    }),
  };
  return { clients, digests };
}

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

describe('KeyVaultKeySource', () => {
  it('signs the SHA-256 digest with ES256 in the vault; the token verifies against its JWKS', async () => {
    const current: Version = {
      version: 'v2',
      privateKey: p256(),
      enabled: true,
      createdOn: new Date(NOW - 1000),
    };
    const previous: Version = {
      version: 'v1',
      privateKey: p256(),
      enabled: true,
      createdOn: new Date(NOW - 9e6),
    };
    const disabled: Version = {
      version: 'v0',
      privateKey: p256(),
      enabled: false,
      createdOn: new Date(NOW - 9e7),
    };
    const expired: Version = {
      version: 'vx',
      privateKey: p256(),
      enabled: true,
      createdOn: new Date(NOW - 9e8),
      expiresOn: new Date(NOW - 1),
    };
    const { clients, digests } = vault([previous, current, disabled, expired]);
    const source = new KeyVaultKeySource('access-tokens', clients, { now: () => NOW });
    const key = await source.current();
    expect(key.kid).toBe('v2');
    const token = await issueAccessToken(key, { iss: 'i', aud: 'a', sub: 'u', name: 'U', roles: [] }, NOW);
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
      alg: 'ES256',
      kid: 'v2',
    });
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ keyId: `${VAULT}/keys/access-tokens/v2`, algorithm: 'ES256' });
    const input = `${header}.${payload}`;
    expect(Buffer.from(digests[0].digest)).toEqual(createHash('sha256').update(input).digest());
    expect(Buffer.from(signature, 'base64url')).toEqual(digests[0].result);

    const jwks = await source.publicKeys();
    // Enabled and unexpired versions only, newest first.
    expect(jwks.map((k) => k.kid)).toEqual(['v2', 'v1']);
    const published = createPublicKey({ key: { ...jwks[0] }, format: 'jwk' }).export({ format: 'jwk' });
    expect(published).toEqual(createPublicKey(current.privateKey).export({ format: 'jwk' }));
  });

  it('asks the vault again only after the cache time (real clock)', async () => {
    const { clients } = vault([
      { version: 'v1', privateKey: p256(), enabled: true, createdOn: new Date(NOW) },
    ]);
    let now = NOW;
    const source = new KeyVaultKeySource('access-tokens', clients, { now: () => now });
    await source.current();
    await source.publicKeys();
    await source.current();
    await source.publicKeys();
    expect(clients.keys.listPropertiesOfKeyVersions).toHaveBeenCalledTimes(1);
    now += KEY_VAULT_CACHE_MS;
    await source.publicKeys();
    expect(clients.keys.listPropertiesOfKeyVersions).toHaveBeenCalledTimes(2);
  });
});
