import type { Journal, JournalRecord } from '../persistence/journal';
import { collections } from './messages';

/**
 * A topic's duplicate detection history: message id → when it was first accepted (injected clock).
 * Persisted, so a restart keeps detecting; expired ids are pruned lazily, in the next send's commit.
 */
export class DuplicateDetector {
  private readonly collection: string;
  /** Insertion order = acceptance order, so expired ids sit at the front. */
  private readonly seen = new Map<string, number>();

  constructor(
    journal: Journal,
    topic: string,
    private readonly windowMs: number,
  ) {
    this.collection = collections.dedupe(topic);
    const stored = [...journal.collection(this.collection)].map(([id, at]) => [id, at as number] as const);
    stored.sort((a, b) => a[1] - b[1]);
    for (const [id, at] of stored) this.seen.set(id, at);
  }

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  isDuplicate(messageId: string, now: number): boolean {
    const at = this.seen.get(messageId);
    return at !== undefined && now - at < this.windowMs;
  }

  /** Records for a send's commit: forget expired ids, remember the accepted ones. Pure. */
  plan(accepted: string[], now: number): JournalRecord[] {
    const records: JournalRecord[] = [];
    for (const [id, at] of this.seen) {
      if (now - at < this.windowMs) break;
      records.push({ collection: this.collection, key: id }); // an id accepted again is re-set below
    }
    for (const id of accepted) records.push({ collection: this.collection, key: id, value: now });
    return records;
  }

  /** Mirrors a committed plan in memory. */
  apply(accepted: string[], now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < this.windowMs) break;
      this.seen.delete(id);
    }
    for (const id of accepted) {
      this.seen.delete(id); // re-insert at the back: it is the newest now
      this.seen.set(id, now);
    }
  }
}
