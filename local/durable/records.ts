import type { FailureDetailsWire, HistoryEvent } from './protocol';

/** What the durable extension keeps in the journal (see store.ts for how it is committed). */
export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated';

export interface ParentRef {
  instanceId: string;
  executionId: string;
  taskScheduledId: number;
}

export interface FailureInfo {
  errorType: string;
  errorMessage: string;
  stackTrace?: string;
  /** FailureDetails the library reported with the failure (a rethrown task failure), passed on as they are. */
  details?: FailureDetailsWire;
}

export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: number;
  lastUpdatedTime: number;
  /** Events in the current execution's history (continue-as-new starts afresh); kept in `durable:history`. */
  historyLength: number;
  parent?: ParentRef;
  failure?: FailureInfo;
}

export interface EntityRecord {
  name: string;
  key: string;
  /** JSON text, as the library hands it over. */
  state?: string;
  lastModified: number;
}

export interface ActivityWork {
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  input: unknown;
}

export interface TimerRecord {
  instanceId: string;
  executionId: string;
  timerId: number;
  fireAt: number;
}

export type MessageBody =
  | { type: 'start'; executionId: string }
  /** A history event for the instance; `executionId` pins it to one execution (results, timers, responses). */
  | { type: 'event'; executionId?: string; event: HistoryEvent }
  | { type: 'terminate'; reason: string }
  | {
      type: 'operation';
      requestId: string;
      operation: string;
      input?: unknown;
      signal: boolean;
      parent?: { instanceId: string; executionId: string };
    };

export interface Message {
  seq: number;
  target: string;
  sentAt: number;
  body: MessageBody;
}
