import type { FailureDetailsWire, OrchestratorState } from './protocol';
import type { FailureInfo } from './store';

/** The library embeds its replay state in an orchestrator's error message after this label. */
const OUT_OF_PROC_DATA = '\n\n$OutOfProcData$:';

export interface OrchestratorFailure {
  failure: FailureInfo;
  /** Actions taken before the failure (the host still carries them out, as the Durable shim does). */
  state?: OrchestratorState;
}

/**
 * Name, message and stack of anything a function threw, as the Node.js worker reports it to the host
 * (ensureErrorType in azure-functions-nodejs-worker src/errors.ts): an Error keeps its own; a string
 * is the message; any other object travels as its JSON (even one with a `message` field); other
 * values as String(value). (The worker treats a thrown undefined or null as no error at all.)
 */
export function describeError(error: unknown): FailureInfo {
  if (error instanceof Error) {
    return {
      errorType: error.name || typeFromStack(error.stack) || 'Error',
      errorMessage: error.message,
      stackTrace: error.stack,
    };
  }
  if (error === undefined || error === null) return { errorType: 'Error', errorMessage: 'Unknown error' };
  if (typeof error === 'string') return { errorType: 'Error', errorMessage: error };
  if (typeof error === 'object') return { errorType: 'Error', errorMessage: safeJson(error) };
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- numbers, booleans, bigints, symbols, functions: String() as the worker does
  return { errorType: 'Error', errorMessage: String(error) };
}

export function orchestratorFailure(error: unknown): OrchestratorFailure {
  const described = describeError(error);
  const at = described.errorMessage.indexOf(OUT_OF_PROC_DATA);
  if (at < 0) return { failure: described };
  let state: OrchestratorState | undefined;
  try {
    state = JSON.parse(described.errorMessage.slice(at + OUT_OF_PROC_DATA.length)) as OrchestratorState;
  } catch {
    return { failure: { ...described, errorMessage: described.errorMessage.slice(0, at) } };
  }
  // durable-functions 3.5 reports the thrown error by message only (state.error); its type travels
  // only for a rethrown activity or sub-orchestration failure (state.failureDetails).
  // The Durable extension hands that FailureDetails on to a parent orchestration as they are.
  const details = state.failureDetails;
  return {
    state,
    failure: {
      errorType: details?.ErrorType ?? 'Error',
      errorMessage: state.error ?? described.errorMessage.slice(0, at),
      stackTrace: details?.StackTrace,
      ...(details ? { details } : {}),
    },
  };
}

/**
 * An activity's failure as FailureDetails. When the app registered an ExceptionPropertiesProvider
 * (3.5+), the library has already put structured details (type, message, properties) in the
 * message of the Error it throws.
 */
export function activityFailure(error: unknown): FailureDetailsWire {
  const described = describeError(error);
  try {
    const structured: unknown = error instanceof Error ? JSON.parse(described.errorMessage) : undefined;
    if (
      isRecord(structured) &&
      typeof structured.errorType === 'string' &&
      typeof structured.errorMessage === 'string'
    ) {
      return {
        ErrorType: structured.errorType,
        ErrorMessage: structured.errorMessage,
        StackTrace: typeof structured.stackTrace === 'string' ? structured.stackTrace : described.stackTrace,
        IsNonRetriable: structured.isNonRetriable === true,
        Properties: isRecord(structured.properties) ? structured.properties : undefined,
      };
    }
  } catch {
    // a plain message
  }
  return {
    ErrorType: described.errorType,
    ErrorMessage: described.errorMessage,
    StackTrace: described.stackTrace,
    IsNonRetriable: false,
  };
}

/**
 * The library reports an entity operation's error as `JSON.stringify(error)`, which is "{}" for an
 * Error. While an entity batch runs, errors serialize as { name, message } so the caller gets the
 * message (see withErrorSerialization); other thrown values arrive as their JSON.
 */
export function entityFailure(
  resultText: string | undefined,
  operation: string,
  entity: string,
): FailureInfo {
  const fallback = `Operation '${operation}' on entity '${entity}' failed.`;
  if (resultText === undefined || resultText === '') return { errorType: 'Error', errorMessage: fallback };
  let value: unknown;
  try {
    value = JSON.parse(resultText);
  } catch {
    return { errorType: 'Error', errorMessage: resultText };
  }
  if (typeof value === 'string') return { errorType: 'Error', errorMessage: value };
  if (isRecord(value) && typeof value.message === 'string') {
    return { errorType: typeof value.name === 'string' ? value.name : 'Error', errorMessage: value.message };
  }
  if (isRecord(value) && Object.keys(value).length === 0)
    return { errorType: 'Error', errorMessage: fallback };
  return { errorType: 'Error', errorMessage: resultText };
}

let depth = 0;
let installed = false;

function errorToJson(this: Error): { name: string; message: string } {
  return { name: this.name, message: this.message };
}

/**
 * Runs `fn` with Error.prototype.toJSON defined (unless the app defines its own), so the entity
 * dispatcher of `durable-functions` keeps an operation's error message. Scoped to entity batches,
 * reference-counted across concurrent batches.
 */
export async function withErrorSerialization<T>(fn: () => Promise<T>): Promise<T> {
  if (depth++ === 0 && !Object.prototype.hasOwnProperty.call(Error.prototype, 'toJSON')) {
    Object.defineProperty(Error.prototype, 'toJSON', {
      value: errorToJson,
      configurable: true,
      writable: true,
      enumerable: false,
    });
    installed = true;
  }
  try {
    return await fn();
  } finally {
    if (--depth === 0 && installed) {
      delete (Error.prototype as { toJSON?: unknown }).toJSON;
      installed = false;
    }
  }
}

function typeFromStack(stack: string | undefined): string | undefined {
  const first = stack?.split('\n', 1)[0];
  const m = first ? /^([A-Za-z_$][\w$]*)(?::\s|$)/.exec(first) : null;
  return m ? m[1] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
