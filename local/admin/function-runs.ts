import type { HostApi, HostRequest, TriggerExtension } from '../host/host-api';
import { HOST_API_REASON } from '../host/host-api';
import { problem } from '../host/http-server';

/** The admin API's manual runs in flight, for the runtime's idle wait and its stop. */
export interface FunctionRuns {
  isIdle(): boolean;
  /** Refuses new runs and waits for those in flight. */
  stop(): Promise<void>;
}

/**
 * `POST /admin/functions/{name}` with `{ "input": "..." }`: runs a non-HTTP-triggered function once,
 * as the Functions host's admin API does (what the portal's Test/Run and Core Tools users call).
 * As the host: 202 Accepted at once and the function runs in the background; the name is matched
 * case-insensitively; unknown 404. The trigger's extension turns `input` into trigger data (a timer
 * gets its schedule and persisted status with `isPastDue: false`; Service Bus and the change feed
 * take `input` as it is). HTTP-triggered functions are refused (400): call their route.
 *
 * Local addition: `?wait=true` answers once the invocation has finished, 204, or 500 with the
 * function's error, so scripts and tests know it ran.
 */
export function functionRunRoutes(host: HostApi, extensions: readonly TriggerExtension[]): FunctionRuns {
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  host.route('POST', 'admin/functions/{name}', async (req, p) => {
    if (stopped) return problem(503, 'Service Unavailable', 'The host is stopping.', 'BAKERY_STOPPING');
    const fn = host.functions.find((f) => f.name.toLowerCase() === p.name.toLowerCase());
    if (!fn) return problem(404, 'Not Found', `No function named "${p.name}".`, 'BAKERY_FUNCTION_NOT_FOUND');
    if (!isJson(req)) {
      return problem(
        415,
        'Unsupported Media Type',
        'Send the body as application/json: { "input": "..." }.',
        'BAKERY_UNSUPPORTED_MEDIA_TYPE',
      );
    }
    const input = readInput(req);
    if (input === undefined) {
      return problem(
        400,
        'Bad Request',
        'Body must be { "input": "<trigger input>" } (a string, number or boolean; may be left out).',
        'BAKERY_VALIDATION',
      );
    }
    const type = String(fn.trigger.type).toLowerCase();
    if (type === 'httptrigger') {
      return problem(
        400,
        'Bad Request',
        `Function "${fn.name}" is HTTP-triggered: call its route instead.`,
        'BAKERY_FUNCTION_HTTP_TRIGGERED',
      );
    }
    const extension = extensions.find((e) => e.triggerTypes.some((t) => t.toLowerCase() === type));
    const data = extension?.manualTriggerData ? extension.manualTriggerData(fn, input) : { string: input };
    if (!data) {
      return problem(
        400,
        'Bad Request',
        `Function "${fn.name}" has a ${String(fn.trigger.type)}, which cannot be run through the admin API.`,
        'BAKERY_FUNCTION_NOT_RUNNABLE',
      );
    }

    let failure: unknown;
    const run = host
      .invoke(fn.name, { inputData: [{ name: fn.triggerBindingName, data }], reason: HOST_API_REASON })
      .then(
        () => undefined,
        (error: unknown) => {
          failure = error;
          host.log('error', `Function "${fn.name}" (run through the admin API) failed: ${messageOf(error)}`);
        },
      )
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
    if (req.query.get('wait') !== 'true') return { status: 202 };
    await run;
    return failure === undefined
      ? { status: 204 }
      : problem(500, 'Internal Server Error', messageOf(failure), 'BAKERY_FUNCTION_FAILED');
  });

  return {
    isIdle: () => inFlight.size === 0,
    async stop() {
      stopped = true;
      await Promise.all([...inFlight]);
    },
  };
}

function isJson(req: HostRequest): boolean {
  const type = req.headers['content-type'];
  const value = Array.isArray(type) ? type[0] : type;
  return value !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(value);
}

/** The body's `input` as a string ("" when left out); undefined when the body is not of that form. */
function readInput(req: HostRequest): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const input = (body as { input?: unknown }).input;
  if (input === undefined || input === null) return '';
  return typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean'
    ? String(input)
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
