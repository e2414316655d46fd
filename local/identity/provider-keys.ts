import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the local provider keeps across restarts: its ID-token signing key and its cookie keys. */
export interface ProviderKeys {
  /** RS256 private key as a JWK (the ID tokens' default algorithm). */
  signingKey: JsonWebKey & { kid: string };
  cookieKeys: string[];
  /** The bakery's client secret at this provider (the app's AUTH_CLIENT_SECRET). */
  clientSecret: string;
}

const FILE = 'provider-keys.json';

export function loadOrCreateProviderKeys(dir: string | undefined): ProviderKeys {
  const file = dir ? path.join(dir, FILE) : undefined;
  if (file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ProviderKeys;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys: ProviderKeys = {
    signingKey: { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex') },
    cookieKeys: [randomBytes(32).toString('base64url')],
    clientSecret: randomBytes(32).toString('base64url'),
  };
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  return keys;
}
