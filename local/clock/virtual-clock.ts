import type { Clock } from '../../shared/clock';

/**
 * The local runtime's one clock. It drives timer triggers, durable timers and the bakery's time.
 *
 * - `real`: virtual time runs `speed` times as fast as wall time from `startAt` (default: now, speed 1).
 * - `manual`: time stands still until a test calls `advanceTo` / `advanceBy`, which fires every due
 *   callback in time order with `now()` equal to its due time, letting the system go quiet after each.
 */
export type ClockMode = 'real' | 'manual';

export interface VirtualClockOptions {
  mode?: ClockMode;
  speed?: number;
  /** Virtual epoch milliseconds at start; default: the wall clock now. */
  startAt?: number;
  /** Wall clock source (tests of the clock itself). */
  wallClock?: () => number;
  /**
   * Real mode: hold time at `startAt` until `start()`, so the seconds the host takes to load the app
   * (minutes of bakery time at `--speed 600`) do not pass before anyone can watch.
   */
  held?: boolean;
}

interface Scheduled {
  at: number;
  seq: number;
  label: string;
  callback: () => void | Promise<void>;
}

export class VirtualClock implements Clock {
  readonly mode: ClockMode;
  readonly speed: number;
  private readonly wall: () => number;
  private realStart: number;
  private held: boolean;
  private virtualStart: number;
  private manualNow: number;
  private queue: Scheduled[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private draining = false;
  private stepping = false;
  /** Awaited after each callback fired by a manual step, so effects land before time moves on. */
  quiesce: () => Promise<void> = async () => undefined;

  constructor(options: VirtualClockOptions = {}) {
    this.mode = options.mode ?? 'real';
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0) || !Number.isFinite(this.speed))
      throw new Error(`clock speed must be a positive number, got ${options.speed}`);
    this.wall = options.wallClock ?? Date.now;
    this.realStart = this.wall();
    this.held = this.mode === 'real' && options.held === true;
    this.virtualStart = options.startAt ?? this.realStart;
    this.manualNow = this.virtualStart;
  }

  now(): number {
    if (this.mode === 'manual') return this.manualNow;
    if (this.held) return this.virtualStart;
    return Math.floor(this.virtualStart + (this.wall() - this.realStart) * this.speed);
  }

  /** Real mode: lets a held clock run from `startAt`, from this moment of wall time on. */
  start(): void {
    if (!this.held) return;
    this.held = false;
    this.realStart = this.wall();
    this.arm();
  }

  /** Runs `callback` when virtual time reaches `at` (immediately-due callbacks run on the next turn). */
  schedule(at: number, callback: () => void | Promise<void>, label = 'timer'): () => void {
    const item: Scheduled = { at, seq: this.seq++, label, callback };
    const index = this.insertionIndex(item);
    this.queue.splice(index, 0, item);
    if (this.mode === 'real') this.arm();
    else if (at <= this.manualNow) this.drainDueSoon();
    return () => {
      const i = this.queue.indexOf(item);
      if (i >= 0) this.queue.splice(i, 1);
      if (this.mode === 'real') this.arm();
    };
  }

  /** True when a callback is due now but has not run yet. */
  hasDue(): boolean {
    return this.queue.length > 0 && this.queue[0].at <= this.now();
  }

  /** Number of callbacks waiting (for diagnostics). */
  get pending(): number {
    return this.queue.length;
  }

  nextDueAt(): number | undefined {
    return this.queue[0]?.at;
  }

  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.now() + ms);
  }

  /** Manual mode only: steps to `target`, firing everything due on the way, in order, once each. */
  async advanceTo(target: number): Promise<void> {
    if (this.mode !== 'manual') throw new Error('advanceTo needs a clock in manual mode');
    if (target < this.manualNow) throw new Error('the clock cannot go backwards');
    if (this.stepping) throw new Error('the clock is already being stepped');
    this.stepping = true;
    try {
      await this.quiesce();
      for (;;) {
        const next = this.queue[0];
        if (!next || next.at > target || this.closed) break;
        this.queue.shift();
        this.manualNow = Math.max(this.manualNow, next.at);
        await next.callback();
        await this.quiesce();
      }
      this.manualNow = target;
    } finally {
      this.stepping = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
  }

  /** Manual mode: callbacks scheduled for "now" (or earlier) run on the next turn, in order. */
  private drainDueSoon(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => {
      void (async () => {
        try {
          while (!this.closed && this.queue.length && this.queue[0].at <= this.manualNow) {
            const item = this.queue.shift()!;
            await Promise.resolve()
              .then(item.callback)
              .catch((error: unknown) =>
                process.emitWarning(`clock callback "${item.label}" failed: ${String(error)}`),
              );
          }
        } finally {
          this.draining = false;
        }
      })();
    });
  }

  private insertionIndex(item: Scheduled): number {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.queue[mid];
      if (m.at < item.at || (m.at === item.at && m.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.queue[0];
    if (!next || this.closed || (this.held && next.at > this.virtualStart)) return;
    // setTimeout caps at ~24.8 days; re-arm in steps for far-away timers.
    const delay = Math.min(Math.max(0, (next.at - this.now()) / this.speed), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.fireDue(), delay);
    this.timer.unref?.();
  }

  private fireDue(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.queue.length && this.queue[0].at <= now) {
      const item = this.queue.shift()!;
      Promise.resolve()
        .then(item.callback)
        .catch((error: unknown) =>
          process.emitWarning(`clock callback "${item.label}" failed: ${String(error)}`),
        );
    }
    this.arm();
  }
}
