/**
 * The embedded change feed's index: an append-only list of (lsn, key) in commit order. A document
 * written again gets a new entry and its old entry goes stale (skipped on read, dropped when the
 * index is compacted), which gives "latest version" semantics. Reading from a continuation is a
 * binary search plus the page, never a scan of the whole container.
 */
export class ChangeIndex {
  private lsns: number[] = [];
  private keys: string[] = [];
  private stale = 0;

  /** Entries must arrive in increasing lsn order. */
  append(lsn: number, key: string): void {
    this.lsns.push(lsn);
    this.keys.push(key);
  }

  /** Records that one earlier entry no longer names a live version. */
  superseded(isCurrent: (lsn: number, key: string) => boolean): void {
    this.stale++;
    if (this.stale > 1024 && this.stale * 2 > this.lsns.length) this.compact(isCurrent);
  }

  /**
   * Visits entries after `afterLsn` in order until `visit` returns false. Returns the lsn of the
   * last visited entry (or `afterLsn` when none was visited).
   */
  scan(afterLsn: number, visit: (lsn: number, key: string) => boolean): number {
    let last = afterLsn;
    for (let i = this.firstAfter(afterLsn); i < this.lsns.length; i++) {
      last = this.lsns[i];
      if (!visit(last, this.keys[i])) break;
    }
    return last;
  }

  get size(): number {
    return this.lsns.length;
  }

  private firstAfter(lsn: number): number {
    let lo = 0;
    let hi = this.lsns.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lsns[mid] <= lsn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(isCurrent: (lsn: number, key: string) => boolean): void {
    const lsns: number[] = [];
    const keys: string[] = [];
    for (let i = 0; i < this.lsns.length; i++) {
      if (isCurrent(this.lsns[i], this.keys[i])) {
        lsns.push(this.lsns[i]);
        keys.push(this.keys[i]);
      }
    }
    this.lsns = lsns;
    this.keys = keys;
    this.stale = 0;
  }
}
