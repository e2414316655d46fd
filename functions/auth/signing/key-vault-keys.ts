import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { CryptographyClient, KeyClient, type KeyVaultKey } from '@azure/keyvault-keys';
import type { Clock } from '../../../shared/clock';
import { toBase64Url, type KeySource, type PublicJwk, type SigningKey } from './key-source';

/** The two SDK clients this source uses, so tests can mock them at the boundary. */
export interface KeyVaultClients {
  keys: Pick<KeyClient, 'getKey' | 'listPropertiesOfKeyVersions'>;
  /** A CryptographyClient for one key version's id (its full URL). */
  crypto(keyId: string): Pick<CryptographyClient, 'sign'>;
}

export function keyVaultClients(vaultUrl: string, credential: TokenCredential): KeyVaultClients {
  return {
    keys: new KeyClient(vaultUrl, credential),
    crypto: (keyId) => new CryptographyClient(keyId, credential),
  };
}

/** How long the current version and the published set are cached (real clock) before asking again. */
export const KEY_VAULT_CACHE_MS = 5 * 60_000;
/** Versions published: the newest enabled ones, current first (a rotation keeps the previous valid). */
const PUBLISHED_VERSIONS = 3;

/**
 * Signing with a Key Vault EC P-256 key (infra/modules/auth-keys.bicep): the SHA-256 digest of the
 * JWS signing input goes to Key Vault's sign operation with ES256 and the signature (r || s) comes
 * back; the private key never leaves the vault. The app's identity needs "Key Vault Crypto User"
 * (keys/read for the public parts, keys/sign/action). kid = the key version.
 * https://learn.microsoft.com/azure/key-vault/keys/about-keys-details (signing is over a digest)
 */
export class KeyVaultKeySource implements KeySource {
  private cachedCurrent: { key: SigningKey; until: number } | undefined;
  private cachedPublic: { keys: PublicJwk[]; until: number } | undefined;

  constructor(
    private readonly keyName: string,
    private readonly clients: KeyVaultClients,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<SigningKey> {
    const now = this.clock.now();
    if (this.cachedCurrent && this.cachedCurrent.until > now) return this.cachedCurrent.key;
    const latest = await this.clients.keys.getKey(this.keyName);
    const { id, version } = latest.properties;
    if (!id || !version) throw new Error(`Key Vault key "${this.keyName}" has no id or version`);
    if (latest.properties.enabled === false) throw new Error(`Key Vault key "${this.keyName}" is disabled`);
    const crypto = this.clients.crypto(id);
    const key: SigningKey = {
      kid: version,
      sign: async (input) => {
        const digest = createHash('sha256').update(input).digest();
        const { result } = await crypto.sign('ES256', digest);
        return Buffer.from(result);
      },
    };
    this.cachedCurrent = { key, until: now + KEY_VAULT_CACHE_MS };
    return key;
  }

  async publicKeys(): Promise<PublicJwk[]> {
    const now = this.clock.now();
    if (this.cachedPublic && this.cachedPublic.until > now) return this.cachedPublic.keys;
    const usable: Array<{ version: string; createdOn: number }> = [];
    for await (const properties of this.clients.keys.listPropertiesOfKeyVersions(this.keyName)) {
      const expired = properties.expiresOn !== undefined && properties.expiresOn.getTime() <= now;
      const early = properties.notBefore !== undefined && properties.notBefore.getTime() > now;
      if (properties.enabled && !expired && !early && properties.version)
        usable.push({ version: properties.version, createdOn: properties.createdOn?.getTime() ?? 0 });
    }
    usable.sort((a, b) => b.createdOn - a.createdOn);
    const keys: PublicJwk[] = [];
    for (const { version } of usable.slice(0, PUBLISHED_VERSIONS)) {
      keys.push(toPublicJwk(await this.clients.keys.getKey(this.keyName, { version }), version));
    }
    this.cachedPublic = { keys, until: now + KEY_VAULT_CACHE_MS };
    return keys;
  }
}

function toPublicJwk(key: KeyVaultKey, version: string): PublicJwk {
  const jwk = key.key;
  if (!jwk?.x || !jwk.y || jwk.crv !== 'P-256' || (jwk.kty !== 'EC' && jwk.kty !== 'EC-HSM'))
    throw new Error(`Key Vault key version ${version} is not an EC P-256 key`);
  return {
    kty: 'EC',
    crv: 'P-256',
    x: toBase64Url(jwk.x),
    y: toBase64Url(jwk.y),
    kid: version,
    alg: 'ES256',
    use: 'sig',
  };
}
