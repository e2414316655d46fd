import type { HostResponse } from '../host/host-api';
import { EventType, fromJsonText, type HistoryEvent } from './protocol';
import type { InstanceRecord, RuntimeStatus } from './store';
import { assertNever } from '../../shared/assert-never';

/** The instance status the Durable HTTP API returns (HttpApiHandler's StatusResponsePayload). */
export interface StatusPayload {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: unknown[];
  /** Local addition: the failure's type and message (DurableOrchestrationStatus ignores it). */
  failureDetails?: { errorType: string; errorMessage: string };
}

export interface StatusOptions {
  showInput?: boolean;
  showHistory?: boolean;
  showHistoryOutput?: boolean;
}

export function statusPayload(
  r: InstanceRecord,
  history: readonly HistoryEvent[],
  options: StatusOptions = {},
): StatusPayload {
  const payload: StatusPayload = {
    name: r.name,
    instanceId: r.instanceId,
    runtimeStatus: r.runtimeStatus,
    input: options.showInput === false ? null : (r.input ?? null),
    customStatus: r.customStatus ?? null,
    output: r.output ?? null,
    createdTime: isoSeconds(r.createdTime),
    lastUpdatedTime: isoSeconds(r.lastUpdatedTime),
  };
  if (options.showHistory)
    payload.historyEvents = history.map((e) => historyView(e, options.showHistoryOutput === true));
  if (r.failure)
    payload.failureDetails = { errorType: r.failure.errorType, errorMessage: r.failure.errorMessage };
  return payload;
}

/** HttpApiHandler answers 202 while an instance runs, 200 once it has ended. */
export function statusCode(status: RuntimeStatus, internalServerErrorOnFailure: boolean): number {
  switch (status) {
    case 'Pending':
    case 'Running':
      return 202;
    case 'Failed':
      return internalServerErrorOnFailure ? 500 : 200;
    case 'Completed':
    case 'Terminated':
      return 200;
    default:
      return assertNever(status, 'unknown runtime status');
  }
}

/** Azure prints times to the second ("s" format + Z). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function historyView(e: HistoryEvent, withOutput: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    EventType: EventType[e.EventType] ?? e.EventType,
    Timestamp: e.Timestamp,
  };
  if (e.EventId >= 0) view.EventId = e.EventId;
  if (e.Name !== undefined) view.Name = e.Name;
  if (e.TaskScheduledId !== undefined) view.TaskScheduledId = e.TaskScheduledId;
  if (e.TimerId !== undefined) view.TimerId = e.TimerId;
  if (e.FireAt !== undefined) view.FireAt = e.FireAt;
  if (e.InstanceId !== undefined) view.InstanceId = e.InstanceId;
  if (e.Reason !== undefined) view.Reason = e.Reason;
  if (withOutput) {
    if (e.Input !== undefined) view.Input = safeParse(e.Input);
    if (e.Result !== undefined) view.Result = safeParse(e.Result);
  }
  return view;
}

function safeParse(text: string): unknown {
  try {
    return fromJsonText(text);
  } catch {
    return text;
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HostResponse {
  // Serialized here so a JSON string body is sent as JSON, not as bare text.
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(body ?? null)),
  };
}

export function problem(status: number, detail: string, code: string): HostResponse {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    404: 'Not Found',
    409: 'Conflict',
    410: 'Gone',
    412: 'Precondition Failed',
    501: 'Not Implemented',
  };
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { type: 'about:blank', title: titles[status] ?? 'Error', status, detail, code },
  };
}
