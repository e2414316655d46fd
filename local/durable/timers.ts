import { EventType, event } from './protocol';
import type { Services } from './services';
import { workKey, type TimerRecord, type Tx } from './store';

/**
 * Durable timers on the runtime's virtual clock. A timer is persisted with the episode that created
 * it and armed once that commit is durable; firing removes it and queues TimerFired for its
 * execution in one commit. At start every persisted timer is armed again (an overdue one fires at once).
 */
export class TimerService {
  private readonly armed = new Map<string, { timer: TimerRecord; cancel: () => void }>();
  private readonly byInstance = new Map<string, Set<string>>();
  private stopped = false;

  constructor(private readonly s: Pick<Services, 'host' | 'store' | 'now' | 'closed'>) {}

  arm(timer: TimerRecord): void {
    const key = workKey(timer.instanceId, timer.executionId, timer.timerId);
    if (this.stopped || this.armed.has(key)) return;
    const clock = this.s.host.clock;
    let cancel: () => void;
    if (timer.fireAt <= clock.now()) {
      let cancelled = false;
      queueMicrotask(() => cancelled || this.fire(key));
      cancel = () => (cancelled = true);
    } else {
      cancel = clock.schedule(
        timer.fireAt,
        () => this.fire(key),
        `durable timer ${timer.instanceId}#${timer.timerId}`,
      );
    }
    this.armed.set(key, { timer, cancel });
    const keys = this.byInstance.get(timer.instanceId) ?? new Set<string>();
    keys.add(key);
    this.byInstance.set(timer.instanceId, keys);
  }

  /** Deletes the instance's timers within `tx`; they are disarmed once it commits. */
  drop(tx: Tx, instanceId: string): void {
    for (const key of this.byInstance.get(instanceId) ?? []) {
      const entry = this.armed.get(key);
      if (!entry) continue;
      tx.removeTimer(entry.timer);
      tx.afterCommit(() => this.disarm(key));
    }
  }

  get pending(): number {
    return this.armed.size;
  }

  nextDue(): number | undefined {
    let next: number | undefined;
    for (const { timer } of this.armed.values())
      if (next === undefined || timer.fireAt < next) next = timer.fireAt;
    return next;
  }

  stop(): void {
    this.stopped = true;
    for (const { cancel } of this.armed.values()) cancel();
    this.armed.clear();
    this.byInstance.clear();
  }

  private fire(key: string): void {
    const entry = this.armed.get(key);
    if (!entry || this.stopped || this.s.closed()) return;
    this.disarm(key);
    const { timer } = entry;
    const now = this.s.now();
    const tx = this.s.store.begin();
    tx.removeTimer(timer);
    const fired = event(EventType.TimerFired, now, {
      TimerId: timer.timerId,
      FireAt: new Date(timer.fireAt).toISOString(),
    });
    tx.send(timer.instanceId, { type: 'event', executionId: timer.executionId, event: fired }, now);
    this.s.store.commit(tx);
  }

  private disarm(key: string): void {
    const entry = this.armed.get(key);
    if (!entry) return;
    entry.cancel();
    this.armed.delete(key);
    const keys = this.byInstance.get(entry.timer.instanceId);
    keys?.delete(key);
    if (keys && keys.size === 0) this.byInstance.delete(entry.timer.instanceId);
  }
}
