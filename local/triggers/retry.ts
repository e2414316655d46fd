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
