import type { HostApi, HostRequest, HostResponse, RegisteredFunction } from '../host/host-api';
import { problem } from '../host/http-server';
import { resolveSetting } from '../host/settings';
import type { Runtime } from '../runtime';
import { listParkedOutbox, OUTBOX_RELAY_SUFFIX, retryParkedOutbox } from '../../shared/messaging/outbox';

/**
 * Local admin endpoints (loopback only, like the host's own /admin API): functions, dead-letter
 * queues and resubmission, parked outbox documents and their retry, the virtual clock, the
 * runtime's counters (local/metrics.ts), and a
 * quiescence wait for scripts and tests.
 */
export function adminRoutes(host: HostApi, runtime: Runtime): void {
  host.route('GET', 'admin/host/status', async () => ok(runtime.describe()));
  host.route('GET', 'admin/functions', async () =>
    ok(host.functions.map((fn) => ({ name: fn.name, ...describeTrigger(fn) }))),
  );
  host.route('GET', 'admin/servicebus', async () => ok(runtime.bus.stats()));
  host.route('GET', 'admin/counters', async () => ok(runtime.counters()));
  host.route('GET', 'admin/servicebus/{topic}/{subscription}/deadletters', async (_req, p) =>
    ok(runtime.bus.deadLetters(p.topic, p.subscription)),
  );
  host.route('POST', 'admin/servicebus/{topic}/{subscription}/deadletters/resubmit', async (req, p) => {
    const body = parseBody(req);
    if (body === undefined || (body.messageIds !== undefined && !isStringArray(body.messageIds))) {
      return problem(
        400,
        'Bad Request',
        'Body must be {} or { "messageIds": ["..."] }.',
        'BAKERY_VALIDATION',
      );
    }
    const resubmitted = runtime.bus.resubmit(p.topic, p.subscription, body.messageIds);
    return ok({ resubmitted });
  });
  host.route('GET', 'admin/outbox/parked', async () => {
    const parked = await Promise.all(outboxContainers(host, runtime).map((c) => listParkedOutbox(c)));
    return ok(parked.flat());
  });
  host.route('POST', 'admin/outbox/parked/retry', async (req) => {
    const body = parseBody(req);
    if (body === undefined || (body.eventIds !== undefined && !isStringArray(body.eventIds))) {
      return problem(400, 'Bad Request', 'Body must be {} or { "eventIds": ["..."] }.', 'BAKERY_VALIDATION');
    }
    let retried = 0;
    for (const container of outboxContainers(host, runtime))
      retried += await retryParkedOutbox(container, body.eventIds);
    return ok({ retried });
  });
  host.route('GET', 'admin/clock', async () => ok(clockView(runtime)));
  host.route(
    'POST',
    'admin/clock/advance',
    async (req) => {
      if (runtime.clock.mode !== 'manual')
        return problem(
          409,
          'Conflict',
          'The clock runs on its own; start with --clock manual to step it.',
          'BAKERY_CLOCK_NOT_MANUAL',
        );
      const body = parseBody(req);
      const target =
        typeof body?.to === 'string'
          ? Date.parse(body.to)
          : typeof body?.byMs === 'number'
            ? runtime.clock.now() + body.byMs
            : NaN;
      if (!Number.isFinite(target) || target < runtime.clock.now()) {
        return problem(
          400,
          'Bad Request',
          'Body must be { "to": "<ISO time not in the past>" } or { "byMs": <non-negative number> }.',
          'BAKERY_VALIDATION',
        );
      }
      await runtime.clock.advanceTo(target);
      await runtime.idle();
      return ok(clockView(runtime));
    },
    { waits: true },
  );
  host.route(
    'POST',
    'admin/idle',
    async () => {
      await runtime.idle();
      return ok({ idle: true });
    },
    { waits: true },
  );
}

export function describeTrigger(fn: RegisteredFunction): Record<string, unknown> {
  const t = fn.trigger;
  switch (String(t.type).toLowerCase()) {
    case 'httptrigger':
      return { trigger: 'http', methods: t.methods, route: t.route ?? fn.name };
    case 'timertrigger':
      return { trigger: 'timer', schedule: t.schedule, runOnStartup: Boolean(t.runOnStartup) };
    case 'servicebustrigger':
      return { trigger: 'serviceBus', topic: t.topicName, subscription: t.subscriptionName };
    case 'cosmosdbtrigger':
      return { trigger: 'cosmosDB', container: t.containerName };
    default:
      return { trigger: t.type };
  }
}

/** The containers an outbox relay (`<service>-outbox-relay`) watches, as far as they exist yet. */
function outboxContainers(host: HostApi, runtime: Runtime) {
  const names = new Set(
    host.functions
      .filter((fn) => fn.name.endsWith(OUTBOX_RELAY_SUFFIX))
      .filter((fn) => String(fn.trigger.type).toLowerCase() === 'cosmosdbtrigger')
      .map((fn) => resolveSetting(fn.trigger.containerName, host.settings)),
  );
  return [...names].flatMap((name) => {
    const container = runtime.store.findContainer(name);
    return container ? [container] : [];
  });
}

function clockView(runtime: Runtime) {
  const next = runtime.clock.nextDueAt();
  return {
    now: new Date(runtime.clock.now()).toISOString(),
    mode: runtime.clock.mode,
    speed: runtime.clock.speed,
    nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
  };
}

function ok(body: unknown): HostResponse {
  return { status: 200, body };
}

function parseBody(req: HostRequest): Record<string, unknown> | undefined {
  if (req.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(req.body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
