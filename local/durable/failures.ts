import { activityFailure, describeError } from './errors';
import { EventType, event, type HistoryEvent } from './protocol';
import type { FailureInfo } from './records';

/**
 * Failure events filled as the Durable extension and the Durable Task Framework fill them, so every
 * durable-functions 3.x reads them as it does in Azure: 3.0–3.3 build the error from `Reason` and
 * `Details` (`new Error(`${Reason} \n ${Details}`)`) and refuse a failure without both ("could not
 * parse its exception data"); 3.5 reads `FailureDetails` first (TaskFailedError) and falls back to
 * the same two strings.
 *
 * What Azure puts in them (Azure/azure-functions-durable-extension, Azure/durabletask):
 * - TaskFailed for an activity (TaskActivityShim): Reason "Activity function '<name>' failed:
 *   <message>", where the message is what OutOfProcExceptionHelpers cuts from the worker's
 *   RpcException text ("Result: Failure\nException: <message>\nStack: <stack>") after "\nException:",
 *   so it keeps the space that follows; Details is that exception serialized by the extension's
 *   ErrorDataConverter (Newtonsoft JSON, TypeNameHandling.Objects, DTFx Utils.SerializeCause).
 * - SubOrchestrationInstanceFailed (TaskOrchestrationDispatcher, from the child's completion):
 *   Reason "Orchestrator function '<name>' failed: <error>" and Details "Message: <error>,
 *   StackTrace: <stack>" (OutOfProcOrchestrationShim's OrchestrationFailureException).
 */

/** An activity function threw. */
export function activityFailed(taskId: number, name: string, error: unknown, at: number): HistoryEvent {
  const described = describeError(error);
  const message = ` ${described.errorMessage}`;
  return event(EventType.TaskFailed, at, {
    TaskScheduledId: taskId,
    Reason: `Activity function '${name}' failed: ${message}`,
    Details: serializedException(message, workerException(described)),
    FailureDetails: activityFailure(error),
  });
}

/** The host could not run an activity (none of that name, an action it does not carry out). */
export function activityRefused(taskId: number, name: string, message: string, at: number): HistoryEvent {
  return event(EventType.TaskFailed, at, {
    TaskScheduledId: taskId,
    Reason: `Activity function '${name}' failed: ${message}`,
    Details: serializedException(message),
    FailureDetails: { ErrorType: 'Error', ErrorMessage: message, IsNonRetriable: true },
  });
}

/** The Details of a failed orchestration, as its parent and its own history get them. */
export function orchestratorDetails(failure: FailureInfo): string {
  return `Message: ${failure.errorMessage}, StackTrace: ${failure.stackTrace ?? ''}`;
}

/** A failed (or terminated) child, as its parent learns it. */
export function subOrchestrationFailed(
  taskId: number,
  reason: string,
  failure: FailureInfo,
  at: number,
): HistoryEvent {
  return event(EventType.SubOrchestrationInstanceFailed, at, {
    TaskScheduledId: taskId,
    Reason: reason,
    Details: orchestratorDetails(failure),
    FailureDetails: failure.details ?? {
      ErrorType: failure.errorType,
      ErrorMessage: failure.errorMessage,
      StackTrace: failure.stackTrace,
      IsNonRetriable: false,
    },
  });
}

/** A sub-orchestration the host refused to start (no such orchestrator, instance id in use). */
export function subOrchestrationRefused(taskId: number, refusal: string, at: number): HistoryEvent {
  return event(EventType.SubOrchestrationInstanceFailed, at, {
    TaskScheduledId: taskId,
    Reason: refusal,
    Details: serializedException(refusal),
    FailureDetails: { ErrorType: 'Error', ErrorMessage: refusal, IsNonRetriable: true },
  });
}

/** HRESULT of System.Exception (COR_E_EXCEPTION), which Newtonsoft writes for every exception. */
const COR_E_EXCEPTION = -2146233088;

/** The worker's exception as the Functions host holds it (Workers.Rpc.RpcException). */
function workerException(described: FailureInfo): Record<string, unknown> {
  const stack = described.stackTrace ?? null;
  return {
    $type: 'Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException, Microsoft.Azure.WebJobs.Script',
    IsUserException: false,
    RemoteStackTrace: stack,
    RemoteMessage: described.errorMessage,
    RemoteTypeName: null,
    Message: `Result: Failure\nException: ${described.errorMessage}\nStack: ${stack ?? ''}`,
    Data: {},
    InnerException: null,
    HelpLink: null,
    Source: null,
    HResult: COR_E_EXCEPTION,
    StackTrace: null,
  };
}

/**
 * A System.Exception as Newtonsoft serializes it through ISerializable (the shape of Azure's
 * Details). Nothing in durable-functions parses it; apps that read Details find the same fields.
 */
function serializedException(message: string, inner: Record<string, unknown> | null = null): string {
  return JSON.stringify({
    $type: 'System.Exception, System.Private.CoreLib',
    ClassName: 'System.Exception',
    Message: message,
    Data: null,
    InnerException: inner,
    HelpURL: null,
    StackTraceString: null,
    RemoteStackTraceString: null,
    RemoteStackIndex: 0,
    ExceptionMethod: null,
    HResult: COR_E_EXCEPTION,
    Source: null,
    WatsonBuckets: null,
  });
}
