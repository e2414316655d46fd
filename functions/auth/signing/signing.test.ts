import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTokenVerifier } from '../../../shared/auth';
import { issueAccessToken } from './access-token';
import { FILE_KEY_ROTATION_MS, FileKeySource } from './file-keys';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const claims = { iss: 'urn:bakery:auth', aud: 'urn:bakery:api', sub: 'u_1', name: 'Ada', roles: ['staff'] };

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-keys-')), 'auth', 'signing-key.json');
}

describe('file signing keys and the access token', () => {
  it('issues an ES256 token with kid that the shared verifier accepts, on the real clock', async () => {
    let now = NOW;
    const source = new FileKeySource(tempFile(), { now: () => now });
    const token = await issueAccessToken(await source.current(), claims, now);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(header).toMatchObject({ alg: 'ES256', kid: (await source.current()).kid });
    const verifier = createTokenVerifier({
      jwks: { keys: await source.publicKeys() },
      issuer: claims.iss,
      audience: claims.aud,
      clock: { now: () => now },
    });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({
      userId: 'u_1',
      name: 'Ada',
      roles: ['staff'],
    });
    now += 11 * 60_000;
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
  });

  it('keeps the key in its file (owner-only) and rotates it, publishing the previous one', async () => {
    const file = tempFile();
    let now = NOW;
    const first = await new FileKeySource(file, { now: () => now }).current();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const reopened = new FileKeySource(file, { now: () => now });
    expect((await reopened.current()).kid).toBe(first.kid);
    now += FILE_KEY_ROTATION_MS;
    const rotated = new FileKeySource(file, { now: () => now });
    const second = await rotated.current();
    expect(second.kid).not.toBe(first.kid);
    expect((await rotated.publicKeys()).map((k) => k.kid)).toEqual([second.kid, first.kid]);
  });
});
