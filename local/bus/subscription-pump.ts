import { randomUUID } from 'node:crypto';
import { toReceived, type ReceivedMessage, type StoredMessage } from './messages';
import type { SubscriptionQueue } from './subscription-queue';

export type MessageHandler = (message: ReceivedMessage) => Promise<void>;

export interface PumpOptions {
  queue: SubscriptionQueue;
  handler: MessageHandler;
  maxConcurrentCalls: number;
  lockDurationMs: number;
  onError: (error: unknown) => void;
  /** While true, nothing new is handed out (running calls finish); wake() again once false. */
  isHeld?: () => boolean;
}

interface Lock {
  message: StoredMessage;
  timer: NodeJS.Timeout;
}

/**
 * Delivers one subscription's messages to its handler, at most `maxConcurrentCalls` at a time.
 * Push-driven: it wakes when a message becomes available or a call settles, never on a timer.
 * Each wake-up runs in its own setImmediate, so a handler that fails at once cannot starve I/O.
 */
export class SubscriptionPump {
  private running = 0;
  private scheduled = false;
  private stopped = false;
  private readonly locks = new Map<string, Lock>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PumpOptions) {}

  wake(): void {
    if (this.scheduled || this.stopped || this.options.isHeld?.()) return;
    if (this.running >= this.options.maxConcurrentCalls || !this.options.queue.hasAvailable()) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** Stops taking messages; resolves when every running call has settled (or the timeout passed). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    if (this.running === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([idle, timeout]);
    clearTimeout(timer);
  }

  private drain(): void {
    this.scheduled = false;
    if (this.stopped || this.options.isHeld?.()) return;
    let batch: StoredMessage[];
    try {
      batch = this.options.queue.take(this.options.maxConcurrentCalls - this.running);
    } catch (error) {
      return this.options.onError(error);
    }
    for (const message of batch) this.invoke(message);
  }

  private invoke(message: StoredMessage): void {
    const lockToken = randomUUID();
    const timer = setTimeout(() => this.expire(lockToken), this.options.lockDurationMs);
    timer.unref(); // a lock must not keep the process alive
    this.locks.set(lockToken, { message, timer });
    this.running++;
    let call: Promise<void>;
    try {
      call = Promise.resolve(this.options.handler(toReceived(message, lockToken)));
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- settles with whatever the handler threw
      call = Promise.reject(error);
    }
    call.then(
      () => this.settle(lockToken, { ok: true }),
      (error: unknown) => this.settle(lockToken, { ok: false, error }),
    );
  }

  private settle(lockToken: string, outcome: { ok: true } | { ok: false; error: unknown }): void {
    this.running--;
    const lock = this.locks.get(lockToken);
    // No lock: it expired and the message was handed out again; this late outcome counts for nothing.
    if (lock) {
      this.locks.delete(lockToken);
      clearTimeout(lock.timer);
      try {
        if (outcome.ok) this.options.queue.complete(lock.message);
        else this.options.queue.abandon(lock.message, outcome.error);
      } catch (error) {
        // The message stays persisted as not completed and comes back after a restart.
        if (!this.stopped) this.options.onError(error);
      }
    }
    if (this.running === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.wake();
  }

  private expire(lockToken: string): void {
    const lock = this.locks.get(lockToken);
    if (!lock) return;
    this.locks.delete(lockToken);
    this.options.queue.release(lock.message);
  }
}
