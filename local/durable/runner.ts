/**
 * Push-based scheduling: work is started when a commit makes it runnable, never found by polling.
 * A KeyedRunner runs at most one job per key at a time (one episode per orchestration instance, one
 * batch per entity) and keeps going while the key has work; different keys run concurrently.
 */
export class KeyedRunner {
  private readonly active = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly job: (key: string) => Promise<void>,
    private readonly hasWork: (key: string) => boolean,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  kick(key: string): void {
    if (this.stopped || this.active.has(key)) return;
    this.active.add(key);
    // A microtask, so a commit never re-enters a job that is still on the stack.
    queueMicrotask(() => {
      const run = this.loop(key);
      this.running.set(key, run);
    });
  }

  get idle(): boolean {
    return this.active.size === 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running.values()]);
  }

  private async loop(key: string): Promise<void> {
    try {
      // A failed job leaves its messages queued: they are retried on the next kick or at restart,
      // instead of spinning on a poison message.
      while (!this.stopped && this.hasWork(key)) await this.job(key);
    } catch (error) {
      this.onError(key, error);
    } finally {
      this.active.delete(key);
      this.running.delete(key);
    }
  }
}

/** Runs independent jobs (activity invocations) with a cap on how many run at once. */
export class Limiter {
  private readonly queue: Array<() => Promise<void>> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly limit: number) {}

  run(job: () => Promise<void>): void {
    if (this.stopped) return;
    this.queue.push(job);
    this.pump();
  }

  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight.size === 0;
  }

  get running(): number {
    return this.inFlight.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    await Promise.all([...this.inFlight]);
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.limit && this.queue.length > 0) {
      const job = this.queue.shift()!;
      const p: Promise<void> = job()
        .catch(() => undefined)
        .finally(() => {
          this.inFlight.delete(p);
          this.pump();
        });
      this.inFlight.add(p);
    }
  }
}
