import type { Clock } from '../clock';

export interface FailureLimits {
  /** Failures allowed in a window before further attempts are refused. */
  maxFailures: number;
  windowMs: number;
}

/** 5 wrong passwords per username, 20 per client address, in 15 minutes (the real clock's). */
export const USERNAME_LIMITS: FailureLimits = { maxFailures: 5, windowMs: 15 * 60_000 };
export const ADDRESS_LIMITS: FailureLimits = { maxFailures: 20, windowMs: 15 * 60_000 };

/**
 * Failed sign-ins per key (a username, a client address) in a sliding window on the REAL clock:
 * they protect people, so a sped-up or held bakery clock neither lifts nor extends a lock-out.
 * In memory, per process: the local provider is one process; in Azure each auth instance counts
 * its own (a restart forgets them), which slows guessing without needing a store.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly clock: Clock,
  ) {}

  /** Seconds until `key` may try again, or 0 if it may now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limits.maxFailures) return 0;
    const freeAt = recent[recent.length - this.limits.maxFailures] + this.limits.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.clock.now()) / 1000));
  }

  recordFailure(key: string): void {
    this.failures.set(key, [...this.recent(key), this.clock.now()]);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
