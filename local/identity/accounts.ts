import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The local identity provider's people: username → a salted scrypt hash, never the password. */
interface StoredAccount {
  salt: string;
  hash: string;
  createdAt: string;
}

export type SignInResult =
  | { outcome: 'signed-in'; username: string }
  | { outcome: 'signed-up'; username: string }
  | { outcome: 'wrong-password' }
  | { outcome: 'invalid'; reason: string };

export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;
const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// scrypt N=2^15, r=8 (~32 MiB, tens of ms): slow enough for a development provider on 2 cores;
// OWASP's minimum for production is N=2^17. maxmem must allow 128 * N * r bytes.
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/**
 * Accounts in one JSON file of the provider's own (the state folder's identity/accounts.json; kept in
 * memory only without a state folder). A new username signs up; an existing one must match.
 */
export class AccountBook {
  private readonly accounts: Map<string, StoredAccount>;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string | undefined) {
    const stored =
      file && fs.existsSync(file)
        ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, StoredAccount>)
        : {};
    this.accounts = new Map(Object.entries(stored));
  }

  /** Usernames are compared case-insensitively: "Manager" is "manager". */
  static normalise(username: string): string {
    return username.trim().toLowerCase();
  }

  has(username: string): boolean {
    return this.accounts.has(AccountBook.normalise(username));
  }

  async signIn(rawUsername: string, password: string, now: Date): Promise<SignInResult> {
    const username = AccountBook.normalise(rawUsername);
    if (!USERNAME.test(username))
      return {
        outcome: 'invalid',
        reason: 'A username is 1-64 letters, digits, dots, dashes or underscores.',
      };
    if (password.length > MAX_PASSWORD_LENGTH)
      return { outcome: 'invalid', reason: `A password has at most ${MAX_PASSWORD_LENGTH} characters.` };
    const existing = this.accounts.get(username);
    if (existing) {
      const key = await derive(password, Buffer.from(existing.salt, 'base64'));
      return timingSafeEqual(key, Buffer.from(existing.hash, 'base64'))
        ? { outcome: 'signed-in', username }
        : { outcome: 'wrong-password' };
    }
    if (password.length < MIN_PASSWORD_LENGTH)
      return {
        outcome: 'invalid',
        reason: `A new account needs a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
      };
    const salt = randomBytes(16);
    const hash = await derive(password, salt);
    // Two sign-ups of one new name at once: the first one written wins, the second must match it.
    const raced = this.accounts.get(username);
    if (raced) return this.signIn(username, password, now);
    this.accounts.set(username, {
      salt: salt.toString('base64'),
      hash: hash.toString('base64'),
      createdAt: now.toISOString(),
    });
    await this.save();
    return { outcome: 'signed-up', username };
  }

  private save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify(Object.fromEntries(this.accounts), null, 2);
    this.writing = this.writing.then(() => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.tmp`;
      fs.writeFileSync(temporary, snapshot, { mode: 0o600 });
      fs.renameSync(temporary, file);
    });
    return this.writing;
  }
}
