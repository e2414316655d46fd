import type { RpcRetryOptions } from '../host/core-types';

/**
 * Function-level retry policies (`retry: { strategy, maxRetryCount, ... }` on a registration), as the
 * host applies them to the triggers that support them (timer, Cosmos DB change feed): attempt 0 is the
 * first invocation, each retry gets `retryContext` { retryCount, maxRetryCount }, and a
 * `maxRetryCount` of -1 retries for ever.
 */
export function retryContext(
  retry: RpcRetryOptions | undefined,
  attempt: number,
): { retryCount: number; maxRetryCount: number } | undefined {
  return retry ? { retryCount: attempt, maxRetryCount: retry.maxRetryCount ?? 0 } : undefined;
}

/** Whether a failed attempt `attempt` (0-based) is followed by another under `retry`. */
export function mayRetry(retry: RpcRetryOptions | undefined, attempt: number): retry is RpcRetryOptions {
  if (!retry) return false;
  const max = retry.maxRetryCount ?? 0;
  return max < 0 || attempt < max;
}

function seconds(duration: RpcRetryOptions['delayInterval']): number {
  return (duration?.seconds ?? 0) + (duration?.nanos ?? 0) / 1e9;
}

/**
 * The pause after failed attempt `attempt`: `delayInterval` for fixedDelay; for exponentialBackoff
 * `minimumInterval` doubled per attempt, capped at `maximumInterval`. Real-time delays: retry pacing
 * is infrastructure, not bakery time.
 */
export function retryDelayMs(retry: RpcRetryOptions, attempt: number): number {
  if (retry.retryStrategy === 'fixedDelay') return seconds(retry.delayInterval) * 1000;
  const min = seconds(retry.minimumInterval) * 1000;
  const max = seconds(retry.maximumInterval) * 1000 || Number.MAX_SAFE_INTEGER;
  return Math.min(max, min * 2 ** attempt);
}

/** A real-time pause that `cut()` ends early (a stopping runtime does not wait out a retry delay). */
export class RetryPause {
  private wake: () => void = () => undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  cut(): void {
    this.wake();
  }
}

/** How one run of attempts ended; `message` is the last failure's. */
export type AttemptsOutcome =
  | { outcome: 'succeeded' }
  | { outcome: 'gave-up'; message: string }
  /** Stopping during a failure (`message`) or during the pause after it (no message). */
  | { outcome: 'stopped'; message?: string };

/**
 * Invokes until an attempt succeeds, the policy allows no more, or the trigger stops — logging each
 * retry as the host does. What giving up or stopping means is the caller's.
 */
export async function invokeWithRetries(options: {
  retry: RpcRetryOptions | undefined;
  invoke: (context: ReturnType<typeof retryContext>) => Promise<unknown>;
  stopped: () => boolean;
  pause: RetryPause;
  /** e.g. 'Timer function "x"', as the log lines name it. */
  label: string;
  warn: (message: string) => void;
}): Promise<AttemptsOutcome> {
  const { retry } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      await options.invoke(retryContext(retry, attempt));
      return { outcome: 'succeeded' };
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (options.stopped()) return { outcome: 'stopped', message };
      if (!mayRetry(retry, attempt)) return { outcome: 'gave-up', message };
      options.warn(`${options.label} failed (attempt ${attempt + 1}), retrying: ${message}`);
      await options.pause.sleep(retryDelayMs(retry, attempt));
      if (options.stopped()) return { outcome: 'stopped' };
    }
  }
}
