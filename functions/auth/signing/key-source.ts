/** Where the bakery's access tokens get their ES256 signature: a key file locally, Key Vault in Azure. */

/** An EC P-256 public key as published at GET /api/auth/jwks. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  /** The JWS signature of `signingInput` (ES256: SHA-256, then r || s, 64 bytes). */
  sign(signingInput: Buffer): Promise<Buffer>;
}

export interface KeySource {
  /** The key new tokens are signed with. */
  current(): Promise<SigningKey>;
  /** The current and previous public keys, so tokens signed just before a rotation still verify. */
  publicKeys(): Promise<PublicJwk[]>;
}

export const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
