import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The local runtime's durable memory: named collections of key → JSON value, held in memory and
 * made durable by an append-only log (one JSON line per commit, so a multi-record commit is atomic
 * on reload). Every commit is written with a synchronous `write(2)` before it returns: once a
 * caller has been told "done", killing the process cannot lose it (the kernel holds the page).
 * Power loss is not covered (no fsync per commit); see docs/local-runtime.md.
 *
 * On open the log is replayed and rewritten as a compact snapshot; it is compacted again whenever
 * it grows well past the live data. A torn last line (a crash mid-write) is ignored: that commit
 * never returned to its caller.
 */

/** `value: undefined` deletes the key. */
export interface JournalRecord {
  collection: string;
  key: string;
  value?: unknown;
}

type Line = Array<[string, string] | [string, string, unknown]>;

export interface JournalOptions {
  /** Folder for the log; absent = in memory only (tests, `--in-memory`). */
  directory?: string;
  /** Compact when the log holds more than this many records beyond the live ones. */
  compactAfter?: number;
  /** Start empty: the log is deleted (after the folder is locked, so a running owner is never hit). */
  fresh?: boolean;
}

export class Journal {
  private readonly collections = new Map<string, Map<string, unknown>>();
  private fd: number | undefined;
  /** Bytes in the log, tracked so an append needs no stat call. */
  private size = 0;
  private readonly file: string | undefined;
  private readonly lockFile: string | undefined;
  private readonly compactAfter: number;
  private appended = 0;
  private closed = false;

  private constructor(options: JournalOptions) {
    this.compactAfter = options.compactAfter ?? 50_000;
    if (options.directory) {
      fs.mkdirSync(options.directory, { recursive: true });
      this.file = path.join(options.directory, 'journal.log');
      this.lockFile = path.join(options.directory, 'journal.lock');
      lock(this.lockFile, options.directory);
      if (options.fresh) fs.rmSync(this.file, { force: true });
      this.replay();
      this.compact();
    }
  }

  static open(options: JournalOptions = {}): Journal {
    return new Journal(options);
  }

  get location(): string {
    return this.file ?? '(in memory)';
  }

  /** Live view of one collection. Values must be treated as immutable by readers. */
  collection(name: string): ReadonlyMap<string, unknown> {
    return this.mutable(name);
  }

  get(collection: string, key: string): unknown {
    return this.collections.get(collection)?.get(key);
  }

  /** Applies and persists the records as one atomic unit. */
  commit(records: JournalRecord[]): void {
    if (this.closed) throw new Error('journal is closed');
    if (records.length === 0) return;
    if (this.fd !== undefined) {
      const line: Line = records.map((r) =>
        r.value === undefined ? [r.collection, r.key] : [r.collection, r.key, r.value],
      );
      this.size = appendWhole(this.fd, this.size, Buffer.from(JSON.stringify(line) + '\n'));
      this.appended += records.length;
    }
    for (const r of records) this.apply(r.collection, r.key, r.value);
    if (this.appended > this.compactAfter + this.liveCount()) {
      // The commit above is durable already; a failed compaction only leaves the longer log.
      try {
        this.compact();
      } catch (error) {
        process.emitWarning(`journal compaction failed, keeping the uncompacted log: ${String(error)}`);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== undefined) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    if (this.lockFile) fs.rmSync(this.lockFile, { force: true });
  }

  private mutable(name: string): Map<string, unknown> {
    let c = this.collections.get(name);
    if (!c) {
      c = new Map();
      this.collections.set(name, c);
    }
    return c;
  }

  private apply(collection: string, key: string, value: unknown): void {
    if (value === undefined) this.collections.get(collection)?.delete(key);
    else this.mutable(collection).set(key, value);
  }

  private liveCount(): number {
    let n = 0;
    for (const c of this.collections.values()) n += c.size;
    return n;
  }

  private replay(): void {
    const file = this.file!;
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (text === '') return;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch (error) {
        const isLast = lines.slice(index + 1).every((l) => l === '');
        if (isLast) return; // torn final write: that commit never returned
        throw new Error(`${file}: corrupt record on line ${index + 1}`, { cause: error });
      }
      for (const [collection, key, value] of line) this.apply(collection, key, value);
    });
  }

  /** Rewrites the log as one record per live key, atomically (write temp, fsync, rename). */
  private compact(): void {
    const file = this.file!;
    const temp = `${file}.tmp`;
    const out = fs.openSync(temp, 'w');
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length) fs.writeSync(out, chunk.join(''));
      chunk = [];
    };
    for (const [collection, entries] of this.collections) {
      for (const [key, value] of entries) {
        chunk.push(JSON.stringify([[collection, key, value]]) + '\n');
        if (chunk.length >= 1000) flush();
      }
    }
    flush();
    fs.fsyncSync(out);
    fs.closeSync(out);
    // Only once the compact log is in place does the old handle go: a failure before this point
    // leaves the old log and handle as they were.
    fs.renameSync(temp, file);
    const previous = this.fd;
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
    if (previous !== undefined) fs.closeSync(previous);
    this.appended = 0;
  }
}

/**
 * Writes all of `data` at the end of the log (`size` bytes long) and returns the new size; a partial
 * write is cut off again before throwing.
 */
function appendWhole(fd: number, size: number, data: Buffer): number {
  let written = 0;
  try {
    while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
  } catch (error) {
    if (written > 0) fs.ftruncateSync(fd, size);
    throw error;
  }
  return size + written;
}

/**
 * One runtime per state folder: a second one would replay and rewrite the log under the first.
 * The lock names the owning process; a lock left by a process that no longer runs is taken over.
 * (Tests that simulate a crash reopen the folder from the same process, which is allowed.)
 */
function lock(lockFile: string, directory: string): void {
  try {
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new Error(
        `${directory} is in use by another bakery runtime (pid ${owner}); stop it first, or use --state for another folder`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
