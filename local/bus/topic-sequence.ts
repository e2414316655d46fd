import type { Journal, JournalRecord } from '../persistence/journal';
import { collections } from './messages';

/** A topic's sequence numbers: persisted in the same commit as the messages that use them. */
export class TopicSequence {
  private readonly collection: string;
  private last: number;

  constructor(journal: Journal, topic: string) {
    this.collection = collections.sequence(topic);
    this.last = (journal.get(this.collection, 'last') as number | undefined) ?? 0;
  }

  /** The numbers `count` new messages would get, and the record that makes them taken. Pure. */
  reserve(count: number): { first: number; record: JournalRecord } {
    return {
      first: this.last + 1,
      record: { collection: this.collection, key: 'last', value: this.last + count },
    };
  }

  /** Call once the reserving commit has succeeded. */
  advance(count: number): void {
    this.last += count;
  }
}
