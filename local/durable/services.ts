import type { HostApi, RegisteredFunction } from '../host/host-api';
import type { ActivityWork, DurableStore, TimerRecord, Tx } from './store';

export interface DurableOptions {
  /** Task hub name reported to clients (the local runtime has exactly one). Default `TestHubName`, as func start. */
  hubName?: string;
  /** Most operations handed to an entity in one invocation. Default 100. */
  maxEntityBatchSize?: number;
  /** Most activities running at once. Default 200. */
  maxConcurrentActivities?: number;
  /** How long stop() waits for running invocations before leaving them behind (they are redone at the next start). Default 10 s. */
  stopTimeoutMs?: number;
}

/** Durable functions of the app by kind; names are case-insensitive, as in Azure Functions. */
export class FunctionIndex {
  private readonly byKind = new Map<string, Map<string, RegisteredFunction>>();

  constructor(functions: readonly RegisteredFunction[]) {
    for (const fn of functions) {
      const kind = String(fn.trigger.type ?? '').toLowerCase();
      const map = this.byKind.get(kind) ?? new Map<string, RegisteredFunction>();
      map.set(fn.name.toLowerCase(), fn);
      this.byKind.set(kind, map);
    }
  }

  orchestrator(name: string): RegisteredFunction | undefined {
    return this.byKind.get('orchestrationtrigger')?.get(name.toLowerCase());
  }

  activity(name: string): RegisteredFunction | undefined {
    return this.byKind.get('activitytrigger')?.get(name.toLowerCase());
  }

  entity(name: string): RegisteredFunction | undefined {
    return this.byKind.get('entitytrigger')?.get(name.toLowerCase());
  }

  count(kind: 'orchestrationtrigger' | 'activitytrigger' | 'entitytrigger'): number {
    return this.byKind.get(kind)?.size ?? 0;
  }
}

/** What the dispatchers share. */
export interface Services {
  host: HostApi;
  store: DurableStore;
  functions: FunctionIndex;
  options: Required<DurableOptions>;
  now(): number;
  startActivity(work: ActivityWork): void;
  armTimer(timer: TimerRecord): void;
  /** Removes the instance's pending timers in `tx` (an ended execution never hears from them). */
  dropTimers(tx: Tx, instanceId: string): void;
  /** True once stop() has given up on running invocations: their results are not committed. */
  closed(): boolean;
}

export const notFound = (name: string, kind: string) =>
  `The function '${name}' doesn't exist, is disabled, or is not ${kind} function.`;
