/**
 * The out-of-process Durable protocol as `durable-functions` 3.x speaks it to the host (see
 * node_modules/durable-functions/lib/src: history/*, actions/*, orchestrations/Orchestrator.js,
 * entities/Entity.js). The host keeps history in exactly the shape the library replays, so no
 * translation happens when an orchestrator is invoked.
 */

/** DurableTask.Core HistoryEvent types (the numeric values the library switches on). */
export enum EventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionFailed = 2,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventSent = 14,
  EventRaised = 15,
}

/** A history event as the library reads it: PascalCase fields, ISO `Timestamp`. */
export interface HistoryEvent {
  EventType: EventType;
  /** Sequence number of the scheduling action, or -1. */
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string;
  Result?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  /** Failures: the message (all 3.x versions read it with Details; 3.0–3.3 fail the task without both). */
  Reason?: string;
  /** Failures: the serialized exception data (see failures.ts). */
  Details?: string;
  FailureDetails?: FailureDetailsWire;
}

/** DurableTask.Core FailureDetails on the wire (PascalCase), read by the library's TaskFailedError (3.5+). */
export interface FailureDetailsWire {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  InnerFailure?: FailureDetailsWire;
  IsNonRetriable?: boolean;
  Properties?: Record<string, unknown>;
}

/** Action types the library emits (actions/ActionType.js). */
export enum ActionType {
  CallActivity = 0,
  CallActivityWithRetry = 1,
  CallSubOrchestrator = 2,
  CallSubOrchestratorWithRetry = 3,
  ContinueAsNew = 4,
  CreateTimer = 5,
  WaitForExternalEvent = 6,
  CallEntity = 7,
  CallHttp = 8,
  SignalEntity = 9,
  WhenAny = 11,
  WhenAll = 12,
  LockEntities = 13,
  ReleaseEntities = 14,
}

export interface RetryOptionsJson {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface ActionJson {
  actionType: ActionType;
  functionName?: string;
  /** Activity and continue-as-new inputs arrive JSON-encoded when they are strings (Utils.processInput). */
  input?: unknown;
  retryOptions?: RetryOptionsJson;
  /** Sub-orchestration instance id, or the entity's scheduler id (`@name@key`). */
  instanceId?: string;
  operation?: string;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: ActionJson[];
}

/** What an orchestrator invocation returns (orchestrations/OrchestratorState.js). */
export interface OrchestratorState {
  isDone: boolean;
  actions: ActionJson[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion: number;
  failureDetails?: FailureDetailsWire;
}

/**
 * Replay schema the host offers. V2 keeps one flat action list with nested Task.all/any and lets
 * the host space timers freely (V3 would split long timers for Azure Storage's 6-day limit; V4 adds
 * entity locks, which the extension bundles do not ship yet).
 */
export const UPPER_SCHEMA_VERSION = 1;

/** The orchestration trigger payload (orchestrations/DurableOrchestrationBindingInfo.js). */
export interface OrchestrationTriggerPayload {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId?: string;
  upperSchemaVersion: number;
}

/** One operation of an entity batch (entities/Entity.js reads `input` as a JSON string). */
export interface EntityBatchItem {
  id: string;
  name: string;
  signal: boolean;
  input?: string;
}

export interface EntityTriggerPayload {
  self: { name: string; key: string };
  exists: boolean;
  state?: string;
  batch: EntityBatchItem[];
}

export interface EntityOperationResult {
  isError: boolean;
  duration?: number;
  startTime?: number;
  result?: string;
}

export interface EntitySignalJson {
  target: { name: string; key: string };
  name: string;
  input: string;
}

export interface EntityBatchResult {
  entityExists: boolean;
  entityState?: string;
  results: EntityOperationResult[];
  signals: EntitySignalJson[];
}

/** Entities share the instance-id space with orchestrations: `@<lower-case name>@<key>`. */
export function schedulerId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

export function parseSchedulerId(id: string): { name: string; key: string } | undefined {
  if (!id.startsWith('@')) return undefined;
  const at = id.indexOf('@', 1);
  if (at < 0) return undefined;
  return { name: id.slice(1, at), key: id.slice(at + 1) };
}

export function isEntityId(id: string): boolean {
  return parseSchedulerId(id) !== undefined;
}

export function event(type: EventType, at: number, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: new Date(at).toISOString(), ...fields };
}

/** JSON text of a value, with `undefined` as `null` (the library JSON.parses results unconditionally). */
export function toJsonText(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function fromJsonText(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  return JSON.parse(text);
}

/** Activity and continue-as-new inputs: strings were JSON-encoded by the library, other values not. */
export function decodeProcessedInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}
