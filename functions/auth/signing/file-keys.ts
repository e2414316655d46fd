import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock } from '../../../shared/clock';
import type { KeySource, PublicJwk, SigningKey } from './key-source';

interface StoredKey {
  kid: string;
  createdAt: string;
  privateJwk: JsonWebKey;
}

/** A key is used for signing this long, then a new one takes over and it is published as previous. */
export const FILE_KEY_ROTATION_MS = 30 * 24 * 60 * 60_000;

/**
 * Local signing keys: one JSON file (AUTH_SIGNING_KEY_FILE, in the state folder), made on first use,
 * readable by its owner only. Newest first; at most two kept (current and previous). Rotation runs on
 * the real clock. Azure uses Key Vault instead (key-vault-keys.ts): the private key never leaves it.
 */
export class FileKeySource implements KeySource {
  private keys: StoredKey[] | undefined;

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<SigningKey> {
    const [newest] = this.load();
    const key = createPrivateKey({ key: newest.privateJwk, format: 'jwk' });
    return {
      kid: newest.kid,
      sign: (input) => Promise.resolve(sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' })),
    };
  }

  async publicKeys(): Promise<PublicJwk[]> {
    return this.load().map(({ kid, privateJwk }) => ({
      kty: 'EC',
      crv: 'P-256',
      x: String(privateJwk.x),
      y: String(privateJwk.y),
      kid,
      alg: 'ES256',
      use: 'sig',
    }));
  }

  private load(): StoredKey[] {
    if (!this.keys && fs.existsSync(this.file))
      this.keys = (JSON.parse(fs.readFileSync(this.file, 'utf8')) as { keys: StoredKey[] }).keys;
    const now = this.clock.now();
    const newest = this.keys?.[0];
    if (this.keys && newest && Date.parse(newest.createdAt) + FILE_KEY_ROTATION_MS > now) return this.keys;
    const keys = [newKey(now), ...(newest ? [newest] : [])];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
    this.keys = keys;
    return keys;
  }
}

function newKey(now: number): StoredKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid: randomBytes(12).toString('base64url'),
    createdAt: new Date(now).toISOString(),
    privateJwk: privateKey.export({ format: 'jwk' }),
  };
}
