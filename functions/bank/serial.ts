/**
 * Runs the tasks given for one key one after another, and tasks of different keys side by side.
 * The bank queues each account's read-modify-writes here, so many concurrent charges on one account
 * in one instance wait their turn instead of losing ETag races and rereading; between instances the
 * ETag (and the retry on 412) still decides.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
