import type { Services } from './services';
import { json } from './status';
import type { ActivityWork, InstanceRecord, RuntimeStatus } from './store';

/**
 * The local admin view of Durable state (JSON, next to the runtime's other /admin endpoints):
 *   GET /admin/durable                    counts by status, queued work
 *   GET /admin/durable/instances          ?status=Running,Failed  ?name=sell-order
 *   GET /admin/durable/instances/{id}     one instance with its history and pending work
 *   GET /admin/durable/entities           ?name=shelf
 */
export function adminRoutes(s: Services, summary: () => Record<string, unknown>): void {
  const { host, store } = s;
  host.route('GET', 'admin/durable', async () => json(200, summary()));

  host.route('GET', 'admin/durable/instances', async (req) => {
    const statuses = req.query.get('status')?.split(',').filter(Boolean) as RuntimeStatus[] | undefined;
    const name = req.query.get('name')?.toLowerCase();
    const list = [...store.instances()]
      .filter(
        (r) =>
          (!statuses?.length || statuses.includes(r.runtimeStatus)) &&
          (!name || r.name.toLowerCase() === name),
      )
      .sort((a, b) => a.createdTime - b.createdTime);
    const activities = store.activities();
    return json(
      200,
      list.map((r) => summaryOf(s, r, activities)),
    );
  });

  host.route('GET', 'admin/durable/instances/{instanceId}', async (_req, p) => {
    const r = store.instance(p.instanceId);
    if (!r) return json(404, { detail: `No orchestration instance "${p.instanceId}".` });
    return json(200, {
      ...summaryOf(s, r, store.activities()),
      executionId: r.executionId,
      input: r.input,
      output: r.output,
      failure: r.failure ?? null,
      parent: r.parent ?? null,
      history: store.history(r.instanceId),
      activities: store
        .activities()
        .filter((w) => w.instanceId === r.instanceId && w.executionId === r.executionId),
      pendingTimers: store
        .timers()
        .filter((t) => t.instanceId === r.instanceId)
        .map((t) => ({ ...t, fireAt: new Date(t.fireAt).toISOString() })),
      queuedMessages: store.inbox(r.instanceId).map((m) => m.body),
    });
  });

  host.route('GET', 'admin/durable/entities', async (req) => {
    const name = req.query.get('name')?.toLowerCase();
    const list = [...store.entities()]
      .filter(([, e]) => !name || e.name === name)
      .map(([id, e]) => ({
        id,
        name: e.name,
        key: e.key,
        state: parse(e.state),
        lastModified: new Date(e.lastModified).toISOString(),
        queuedOperations: store.inbox(id).length,
      }));
    return json(200, list);
  });
}

function summaryOf(s: Services, r: InstanceRecord, activities: readonly ActivityWork[]) {
  return {
    instanceId: r.instanceId,
    name: r.name,
    runtimeStatus: r.runtimeStatus,
    customStatus: r.customStatus ?? null,
    historyLength: r.historyLength,
    createdTime: new Date(r.createdTime).toISOString(),
    lastUpdatedTime: new Date(r.lastUpdatedTime).toISOString(),
    pendingActivities: activities.filter(
      (w) => w.instanceId === r.instanceId && w.executionId === r.executionId,
    ).length,
    queuedMessages: s.store.inbox(r.instanceId).length,
    ...(r.failure ? { failure: r.failure } : {}),
  };
}

function parse(text: string | undefined): unknown {
  try {
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return text;
  }
}
