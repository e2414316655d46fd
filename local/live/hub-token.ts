import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The local hub's client access tokens, shaped like Azure Web PubSub's key-signed ones: a JWT,
 * HS256, `aud` = the hub's client endpoint, `sub` = the user id (absent for an anonymous client),
 * `exp`. The key is made per run and never leaves the process, so a token is good only for the
 * runtime that issued it. Small enough to write with node:crypto rather than add a JWT library.
 */
export interface HubClaims {
  aud: string;
  sub?: string;
  iat: number;
  exp: number;
}

export type TokenCheck = { ok: true; claims: HubClaims } | { ok: false; reason: string };

export class HubTokens {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  sign(claims: HubClaims): string {
    const head = encode({ alg: 'HS256', typ: 'JWT' });
    const body = encode(claims);
    return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
  }

  /** Checks signature, algorithm, audience and lifetime (`nowSeconds` is the real clock). */
  verify(token: string, audience: (aud: string) => boolean, nowSeconds: number): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
    const [head, body, signature] = parts;
    const expected = Buffer.from(this.mac(`${head}.${body}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'bad signature' };
    const header = decode(head);
    if (header?.alg !== 'HS256') return { ok: false, reason: 'unexpected algorithm' };
    const claims = decode(body);
    if (!claims || typeof claims.aud !== 'string' || typeof claims.exp !== 'number')
      return { ok: false, reason: 'malformed claims' };
    if (!audience(claims.aud)) return { ok: false, reason: 'issued for another hub' };
    if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
    if (claims.sub !== undefined && (typeof claims.sub !== 'string' || claims.sub === ''))
      return { ok: false, reason: 'malformed subject' };
    return { ok: true, claims: claims as unknown as HubClaims };
  }

  private mac(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
