import type { RpcTypedData } from '../host/core-types';
import { activityFailed, activityRefused } from './failures';
import { EventType, event, toJsonText, type HistoryEvent } from './protocol';
import { Limiter } from './runner';
import { notFound, type Services } from './services';
import { workKey, type ActivityWork } from './store';

/**
 * Activity work items: each is invoked once it is durably scheduled; its result is committed
 * together with the removal of the work item, as a TaskCompleted/TaskFailed message to the
 * orchestration. A crash before that commit runs the activity again at restart (at least once, as
 * in Azure); a crash after it never does.
 */
export class ActivityDispatcher {
  private readonly limiter: Limiter;
  private readonly started = new Set<string>();

  constructor(private readonly s: Services) {
    this.limiter = new Limiter(s.options.maxConcurrentActivities);
  }

  start(work: ActivityWork): void {
    const key = workKey(work.instanceId, work.executionId, work.taskId);
    if (this.started.has(key)) return;
    this.started.add(key);
    this.limiter.run(() => this.run(work).finally(() => this.started.delete(key)));
  }

  get idle(): boolean {
    return this.limiter.idle;
  }

  get running(): number {
    return this.limiter.running;
  }

  stop(): Promise<void> {
    return this.limiter.stop();
  }

  private async run(work: ActivityWork): Promise<void> {
    const { host, store } = this.s;
    const fn = this.s.functions.activity(work.name);
    let outcome: HistoryEvent;
    if (!fn)
      outcome = activityRefused(work.taskId, work.name, notFound(work.name, 'an activity'), this.s.now());
    else {
      try {
        const response = await host.invoke(fn.name, {
          inputData: [{ name: fn.triggerBindingName, data: { json: toJsonText(work.input) } }],
        });
        outcome = event(EventType.TaskCompleted, this.s.now(), {
          TaskScheduledId: work.taskId,
          Result: resultText(response.returnValue),
        });
      } catch (error) {
        outcome = activityFailed(work.taskId, work.name, error, this.s.now());
      }
    }
    if (this.s.closed()) return;
    const tx = store.begin();
    tx.removeActivity(work);
    tx.send(work.instanceId, { type: 'event', executionId: work.executionId, event: outcome }, this.s.now());
    store.commit(tx);
  }
}

/** A function's return value as JSON text (what TaskCompleted.Result carries). */
export function resultText(data: RpcTypedData | null | undefined): string {
  if (!data) return 'null';
  if (typeof data.json === 'string') return data.json;
  if (typeof data.string === 'string') return JSON.stringify(data.string);
  if (typeof data.int === 'number') return JSON.stringify(data.int);
  if (typeof data.double === 'number') return JSON.stringify(data.double);
  if (data.bytes) return JSON.stringify(Buffer.from(data.bytes).toString('base64'));
  return 'null';
}
