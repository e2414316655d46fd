/**
 * What the local Functions host offers to trigger extensions (HTTP, timer, Service Bus, Cosmos change
 * feed, Durable). An extension is given a HostApi at start, reads the registrations it cares about,
 * and invokes functions only through `invoke` — i.e. through the real `@azure/functions` programming
 * model, exactly as the Azure Functions host does over gRPC.
 */
import type { Journal } from '../persistence/journal';
import type { VirtualClock } from '../clock/virtual-clock';
import type {
  RpcInvocationResponse,
  RpcParameterBinding,
  RpcTypedData,
  RpcBindingInfo,
  RpcRetryOptions,
} from './core-types';

/** The host's reason for an invocation it makes itself (an HTTP request, the admin API). */
export const HOST_API_REASON = 'This function was programmatically called via the host APIs.';

export interface RegisteredFunction {
  name: string;
  /** Binding name → binding (trigger has direction 'in' and a type ending in 'Trigger'). */
  bindings: Record<string, RpcBindingInfo>;
  triggerBindingName: string;
  /** The trigger binding with every option the registration gave (route, schedule, topicName...). */
  trigger: RpcBindingInfo;
  retryOptions?: RpcRetryOptions;
}

export interface InvocationRequest {
  /** Trigger data plus any input bindings the caller already resolved. */
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
  retryContext?: { retryCount: number; maxRetryCount: number; exception?: { message?: string } };
  /**
   * Why the function runs, for the host's `Executing 'Functions.X' (Reason='...', Id=...)` line, in
   * the trigger's words (e.g. `Timer fired at ...`). Absent: `(null)`.
   */
  reason?: string;
}

/** Supplies the data of a non-trigger input binding (e.g. `durableClient`) at each invocation. */
export type InputBindingProvider = (binding: RpcBindingInfo, fn: RegisteredFunction) => RpcTypedData;

export interface HostRequest {
  method: string;
  /** Path without the query string, e.g. `/runtime/webhooks/durabletask/instances/abc`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HostResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Objects are sent as JSON. */
  body?: unknown;
}

export type HostRouteHandler = (
  request: HostRequest,
  params: Record<string, string>,
) => Promise<HostResponse>;

export interface HostApi {
  readonly functions: readonly RegisteredFunction[];
  /** Base URL of the host's HTTP server, e.g. `http://127.0.0.1:7071` (no trailing slash). */
  readonly baseUrl: string;
  readonly journal: Journal;
  readonly clock: VirtualClock;
  /** App settings (process env + local.settings.json Values), for `%SETTING%` binding expressions. */
  readonly settings: Readonly<Record<string, string | undefined>>;
  /**
   * Invokes a function through the programming model. Resolves with the response (return value and
   * output bindings); rejects with the function's error (message preserved) when it throws.
   */
  invoke(functionName: string, request: InvocationRequest): Promise<RpcInvocationResponse>;
  /** Registers a provider for an input binding type (case-insensitive), e.g. `durableClient`. */
  provideInputBinding(type: string, provider: InputBindingProvider): void;
  /**
   * Adds a host route outside the `/api` prefix (like the real host's `/runtime/webhooks/...` and
   * `/admin/...`). Path templates use `{name}` segments; a final `{*rest}` takes the remainder.
   */
  /**
   * `method`: 'GET', a comma list 'GET,POST', or '*' for any. `waits`: the handler waits for the
   * system to settle (admin idle, clock steps), so it must not count as work in flight itself.
   */
  route(method: string, template: string, handler: HostRouteHandler, options?: { waits?: boolean }): void;
  /**
   * Answers every request no route takes, outside the route prefix and `/admin`, `/runtime` (which
   * keep their 404s): one handler, the last set wins. Used to serve a static site at `/`.
   */
  fallback(handler: HostRouteHandler): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** A trigger extension: started after the app is loaded and the HTTP server is listening. */
export interface TriggerExtension {
  readonly name: string;
  /** Trigger binding types it runs (case-insensitive), e.g. ['timerTrigger']; others are refused at start. */
  readonly triggerTypes: readonly string[];
  /**
   * Non-trigger input binding types it supplies through `provideInputBinding` (case-insensitive),
   * e.g. ['durableClient']. A function with any other input or output binding is refused at start.
   */
  readonly inputBindingTypes?: readonly string[];
  start(host: HostApi): Promise<void>;
  /** Stop taking new work, let in-flight invocations finish. */
  stop(): Promise<void>;
  /** Extra lines for the startup banner and /api/health (e.g. "3 orchestrations running"). */
  describe?(): Record<string, unknown>;
  /** True when the extension has no queued or running work (used by tests to wait for quiescence). */
  isIdle?(): boolean;
  /**
   * Trigger data for running `fn` once through the admin API (`POST /admin/functions/{name}`,
   * `input` being the body's string). Absent: `input` itself is the trigger data, as the Functions
   * host binds it. Returns undefined when the trigger cannot be run that way (answered 400).
   */
  manualTriggerData?(fn: RegisteredFunction, input: string): RpcTypedData | undefined;
}
