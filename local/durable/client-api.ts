import { randomUUID } from 'node:crypto';
import type { HostRequest, HostResponse } from '../host/host-api';
import { isActive } from './orchestrations';
import { EventType, event, isEntityId, schedulerId, toJsonText } from './protocol';
import { notFound, type Services } from './services';
import { json, problem, statusCode, statusPayload } from './status';
import type { InstanceRecord, RuntimeStatus } from './store';

export const WEBHOOK_PATH = 'runtime/webhooks/durabletask';

/**
 * The Durable HTTP API (the extension's HttpApiHandler) that `durable-functions`' DurableClient
 * calls through `rpcBaseUrl`, and that the status URLs of createCheckStatusResponse point at.
 */
export function clientRoutes(s: Services): void {
  const { host } = s;
  const route = (
    method: string,
    path: string,
    handler: (req: HostRequest, p: Record<string, string>) => HostResponse,
  ) => host.route(method, `${WEBHOOK_PATH}/${path}`, async (req, p) => handler(req, p));

  route('POST', 'orchestrators/{functionName}/{instanceId?}', (req, p) => {
    const fn = s.functions.orchestrator(p.functionName);
    if (!fn) return problem(400, notFound(p.functionName, 'an orchestrator'), 'DURABLE_UNKNOWN_FUNCTION');
    const body = readJson(req);
    if (!body.ok) return problem(400, 'Invalid JSON content.', 'DURABLE_INVALID_JSON');
    const instanceId = p.instanceId || randomUUID().replace(/-/g, '');
    if (isEntityId(instanceId))
      return problem(
        400,
        'Orchestration instance IDs must not start with "@" (that prefix is for entities).',
        'DURABLE_INVALID_ID',
      );
    const existing = s.store.instance(instanceId);
    if (existing && isActive(existing)) {
      return problem(
        409,
        `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`,
        'DURABLE_INSTANCE_EXISTS',
      );
    }
    const now = s.now();
    const record: InstanceRecord = {
      instanceId,
      name: fn.name,
      executionId: randomUUID(),
      runtimeStatus: 'Pending',
      input: body.value ?? null,
      output: null,
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      historyLength: 0,
    };
    const tx = s.store.begin();
    if (existing) tx.clearHistory(existing);
    tx.putInstance(record);
    tx.send(instanceId, { type: 'start', executionId: record.executionId }, now);
    s.store.commit(tx);
    const links = managementUrls(host.baseUrl, s.options.hubName, encodeURIComponent(instanceId));
    return json(
      202,
      { ...links, id: instanceId },
      { location: links.statusQueryGetUri, 'retry-after': '10' },
    );
  });

  route('GET', 'instances', (req) => {
    const q = req.query;
    const statuses = q.get('runtimeStatus')?.split(',').filter(Boolean) as RuntimeStatus[] | undefined;
    const from = q.get('createdTimeFrom') ? Date.parse(q.get('createdTimeFrom')!) : -Infinity;
    const to = q.get('createdTimeTo') ? Date.parse(q.get('createdTimeTo')!) : Infinity;
    const prefix = q.get('instanceIdPrefix') ?? '';
    const showInput = q.get('showInput') !== 'false';
    const list = [...s.store.instances()]
      .filter((r) => r.instanceId.startsWith(prefix) && r.createdTime >= from && r.createdTime <= to)
      .filter((r) => !statuses?.length || statuses.includes(r.runtimeStatus))
      .map((r) => statusPayload(r, [], { showInput }));
    return json(200, list);
  });

  route('GET', 'instances/{instanceId}', (req, p) => {
    const record = s.store.instance(p.instanceId);
    if (!record) return json(404, null);
    const q = req.query;
    const payload = statusPayload(record, s.store.history(record.instanceId), {
      showInput: q.get('showInput') !== 'false',
      showHistory: q.get('showHistory') === 'true',
      showHistoryOutput: q.get('showHistoryOutput') === 'true',
    });
    const code = statusCode(record.runtimeStatus, q.get('returnInternalServerErrorOnFailure') === 'true');
    return json(
      code,
      payload,
      code === 202 ? { location: `${host.baseUrl}${req.path}`, 'retry-after': '5' } : {},
    );
  });

  route('DELETE', 'instances/{instanceId}', (_req, p) => {
    const id = p.instanceId;
    const tx = s.store.begin();
    if (isEntityId(id)) {
      if (!s.store.entity(id)) return json(404, null);
      tx.putEntity(id, undefined);
    } else {
      const record = s.store.instance(id);
      if (!record) return json(404, null);
      if (isActive(record)) {
        return problem(
          412,
          `Only orchestrations in a terminal state can be purged, but the orchestration with instance ID ${id} has status ${record.runtimeStatus}`,
          'DURABLE_NOT_TERMINAL',
        );
      }
      tx.deleteInstance(record);
    }
    s.store.commit(tx);
    return json(200, { instancesDeleted: 1 });
  });

  route('DELETE', 'instances', (req) => {
    const q = req.query;
    const from = Date.parse(q.get('createdTimeFrom') ?? '');
    if (!Number.isFinite(from))
      return problem(400, "Please provide value for 'createdTimeFrom' parameter.", 'DURABLE_VALIDATION');
    const to = q.get('createdTimeTo') ? Date.parse(q.get('createdTimeTo')!) : s.now();
    const statuses = q.get('runtimeStatus')?.split(',').filter(Boolean);
    const doomed = [...s.store.instances()].filter(
      (r) =>
        !isActive(r) &&
        r.createdTime >= from &&
        r.createdTime <= to &&
        (!statuses?.length || statuses.includes(r.runtimeStatus)),
    );
    if (doomed.length === 0) return json(404, null);
    const tx = s.store.begin();
    for (const r of doomed) tx.deleteInstance(r);
    s.store.commit(tx);
    return json(200, { instancesDeleted: doomed.length });
  });

  route('POST', 'instances/{instanceId}/raiseEvent/{eventName}', (req, p) => {
    const record = s.store.instance(p.instanceId);
    if (!record) return json(404, null);
    if (!isActive(record)) return json(410, null);
    const body = readJson(req);
    if (!body.ok) return problem(400, 'Invalid JSON content.', 'DURABLE_INVALID_JSON');
    const now = s.now();
    const raised = event(EventType.EventRaised, now, {
      Name: p.eventName,
      Input: body.value === undefined ? undefined : toJsonText(body.value),
    });
    commitMessage(s, p.instanceId, { type: 'event', event: raised });
    return json(202, null);
  });

  route('POST', 'instances/{instanceId}/{operation}', (req, p) => {
    const record = s.store.instance(p.instanceId);
    if (!record) return json(404, null);
    if (p.operation.toLowerCase() !== 'terminate') {
      return problem(
        501,
        `"${p.operation}" is not supported by the local runtime (terminate is).`,
        'DURABLE_NOT_SUPPORTED',
      );
    }
    if (!isActive(record)) return json(410, null);
    commitMessage(s, p.instanceId, { type: 'terminate', reason: req.query.get('reason') ?? '' });
    return json(202, null);
  });

  route('GET', 'entities/{entityName}', (_req, p) => {
    const name = p.entityName.toLowerCase();
    const list = [...s.store.entities()]
      .filter(([, e]) => e.name === name)
      .map(([, e]) => ({
        entityId: { name: e.name, key: e.key },
        lastOperationTime: new Date(e.lastModified).toISOString(),
        state: parseState(e.state),
      }));
    return json(200, list);
  });

  route('GET', 'entities/{entityName}/{entityKey}', (_req, p) => {
    const record = s.store.entity(schedulerId(p.entityName, p.entityKey === '$' ? '' : p.entityKey));
    if (!record) return json(404, null);
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: Buffer.from(record.state ?? 'null'),
    };
  });

  route('POST,DELETE', 'entities/{entityName}/{entityKey}', (req, p) => {
    const operation = req.method === 'DELETE' ? 'delete' : (req.query.get('op') ?? '');
    const contentType = String(req.headers['content-type'] ?? '');
    let input: unknown;
    if (req.body.length > 0) {
      if (/application\/json/i.test(contentType)) {
        const body = readJson(req);
        if (!body.ok) return problem(400, 'Could not parse JSON content.', 'DURABLE_INVALID_JSON');
        input = body.value;
      } else input = req.body.toString('utf8');
    }
    const target = schedulerId(p.entityName, p.entityKey);
    commitMessage(s, target, { type: 'operation', requestId: randomUUID(), operation, input, signal: true });
    return json(202, null);
  });
}

/** The durableClient input binding, as the Durable extension sends it to out-of-process workers. */
export function clientBindingData(baseUrl: string, hubName: string): Record<string, unknown> {
  const base = `${baseUrl}/${WEBHOOK_PATH}`;
  const query = requiredQuery(hubName);
  return {
    taskHubName: hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: managementUrls(baseUrl, hubName, 'INSTANCEID'),
    baseUrl: base,
    requiredQueryStringParameters: query,
    rpcBaseUrl: `${base}/`,
  };
}

function managementUrls(baseUrl: string, hubName: string, id: string) {
  const instance = `${baseUrl}/${WEBHOOK_PATH}/instances/${id}`;
  const query = requiredQuery(hubName);
  return {
    id,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}

const requiredQuery = (hubName: string) => `taskHub=${encodeURIComponent(hubName)}&connection=Storage`;

function commitMessage(
  s: Services,
  target: string,
  body: Parameters<ReturnType<Services['store']['begin']>['send']>[1],
): void {
  const tx = s.store.begin();
  tx.send(target, body, s.now());
  s.store.commit(tx);
}

function readJson(req: HostRequest): { ok: true; value: unknown } | { ok: false } {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function parseState(text: string | undefined): unknown {
  try {
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return text;
  }
}
