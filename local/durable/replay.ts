import { randomUUID } from 'node:crypto';
import {
  ActionType,
  EventType,
  decodeProcessedInput,
  type ActionJson,
  type HistoryEvent,
  type RetryOptionsJson,
} from './protocol';

/**
 * The host half of replay. The orchestrator returns every action it has taken since its execution
 * began; like the Durable extension's out-of-process shim (schema V2), the host walks that list in
 * order, awaiting each action against the history before taking the next one, and hands out
 * sequence numbers in the order the library does. Actions whose number has no scheduling event in
 * the history yet are new: they become commands to carry out. Retries (callActivityWithRetry,
 * callSubOrchestratorWithRetry) are run by the host as DurableTask's RetryInterceptor does: after
 * each failed attempt a timer, then the next attempt, each taking the next sequence number.
 */
export type Command =
  | { kind: 'activity'; id: number; name: string; input: unknown }
  | { kind: 'timer'; id: number; fireAt: number }
  | { kind: 'subOrchestration'; id: number; name: string; instanceId: string; input: unknown }
  | { kind: 'callEntity'; id: number; target: string; operation: string; input: unknown; requestId: string }
  | { kind: 'signalEntity'; id: number; target: string; operation: string; input: unknown; requestId: string }
  | { kind: 'unsupported'; id: number; name: string; reason: string };

export interface ReplayResult {
  commands: Command[];
  continueAsNew?: { input: unknown };
  /** Set when the actions contradict the history (the orchestrator is not deterministic). */
  nondeterminism?: string;
}

interface Node {
  done: boolean;
  onDone?: (ok: boolean) => void;
}

const schedulingTypes = new Set([
  EventType.TaskScheduled,
  EventType.TimerCreated,
  EventType.SubOrchestrationInstanceCreated,
  EventType.EventSent,
]);

/** `finished`: the orchestrator completed or failed; actions still blocked are taken anyway. */
export function replay(
  history: readonly HistoryEvent[],
  actions: readonly ActionJson[],
  finished: boolean,
  instanceId: string,
): ReplayResult {
  const scheduled = new Map<number, HistoryEvent>();
  for (const e of history) if (schedulingTypes.has(e.EventType)) scheduled.set(e.EventId, e);
  const leaves = new Map<number, Node>();
  const requests = new Map<string, Node>();
  const waiters = new Map<string, Node[]>();
  const buffered = new Map<string, number>();
  const result: ReplayResult = { commands: [] };
  let nextId = 0;
  let time = Date.parse(
    history.find((e) => e.EventType === EventType.OrchestratorStarted)?.Timestamp ??
      new Date(0).toISOString(),
  );

  const finish = (node: Node | undefined, ok: boolean) => {
    if (!node || node.done) return;
    node.done = true;
    node.onDone?.(ok);
  };

  /** Takes the next sequence number; returns the scheduling event already in history, if any. */
  const take = (expected: EventType, name: string | undefined): { id: number; prior?: HistoryEvent } => {
    const id = nextId++;
    const prior = scheduled.get(id);
    if (
      prior &&
      !result.nondeterminism &&
      (prior.EventType !== expected || (name !== undefined && prior.Name !== name))
    ) {
      result.nondeterminism =
        `Non-deterministic orchestration: step ${id} is ${EventType[expected]}${name ? ` "${name}"` : ''} now, ` +
        `but the history records ${EventType[prior.EventType]}${prior.Name ? ` "${prior.Name}"` : ''}.`;
    }
    return { id, prior };
  };

  const leaf = (make: (id: number) => Command, expected: EventType, name?: string): Node => {
    const node: Node = { done: false };
    const { id, prior } = take(expected, name);
    leaves.set(id, node);
    if (!prior) result.commands.push(make(id));
    return node;
  };

  const timerAt = (fireAt: number, canceled = false): Node => {
    const node = leaf((id) => ({ kind: 'timer', id, fireAt }), EventType.TimerCreated);
    // A cancelled timer completes at once for the awaiting code (DTFx cancels its task).
    if (canceled) node.done = true;
    return node;
  };

  const withRetry = (options: RetryOptionsJson, attempt: () => Node): Node => {
    const node: Node = { done: false };
    const max = Math.max(1, options.maxNumberOfAttempts);
    let failures = 0;
    const start = () => {
      const child = attempt();
      child.onDone = (ok) => {
        if (ok) return finish(node, true);
        const delay = retryDelay(options, failures++);
        timerAt(time + delay).onDone = () => (failures < max ? start() : finish(node, false));
      };
    };
    start();
    return node;
  };

  const build = (action: ActionJson): Node => {
    switch (action.actionType) {
      case ActionType.CallActivity:
        return activity(action);
      case ActionType.CallActivityWithRetry:
        return withRetry(action.retryOptions!, () => activity(action));
      case ActionType.CallSubOrchestrator:
        return subOrchestration(action);
      case ActionType.CallSubOrchestratorWithRetry:
        return withRetry(action.retryOptions!, () => subOrchestration(action));
      case ActionType.ContinueAsNew:
        result.continueAsNew = { input: decodeProcessedInput(action.input) };
        return { done: true };
      case ActionType.CreateTimer:
        return timerAt(Date.parse(action.fireAt!), Boolean(action.isCanceled));
      case ActionType.WaitForExternalEvent: {
        const name = action.externalEventName!;
        const node: Node = { done: false };
        const waiting = buffered.get(name) ?? 0;
        if (waiting > 0) {
          buffered.set(name, waiting - 1);
          node.done = true;
        } else waiters.set(name, [...(waiters.get(name) ?? []), node]);
        return node;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity: {
        const signal = action.actionType === ActionType.SignalEntity;
        const { id, prior } = take(EventType.EventSent, undefined);
        const requestId = prior ? requestIdOf(prior) : randomUUID();
        const base = {
          id,
          target: action.instanceId!,
          operation: action.operation!,
          input: action.input,
          requestId,
        };
        if (!prior)
          result.commands.push(signal ? { kind: 'signalEntity', ...base } : { kind: 'callEntity', ...base });
        const node: Node = { done: signal };
        if (!signal) requests.set(requestId, node);
        return node;
      }
      case ActionType.CallHttp:
        return leaf(
          (id) => ({
            kind: 'unsupported',
            id,
            name: 'BuiltIn::HttpActivity',
            reason: 'callHttp is not supported by the local runtime',
          }),
          EventType.TaskScheduled,
        );
      case ActionType.WhenAll:
      case ActionType.WhenAny: {
        const any = action.actionType === ActionType.WhenAny;
        const children = (action.compoundActions ?? []).map(build);
        const node: Node = { done: any ? children.some((c) => c.done) : children.every((c) => c.done) };
        for (const child of children) {
          const previous = child.onDone;
          child.onDone = (ok) => {
            previous?.(ok);
            if (any || children.every((c) => c.done)) finish(node, true);
          };
        }
        return node;
      }
      case ActionType.LockEntities:
      case ActionType.ReleaseEntities:
        result.nondeterminism ??=
          'Entity critical sections (context.df.lock) need replay schema V4, which this host does not offer.';
        return { done: true };
      default:
        result.nondeterminism ??= `Unknown action type ${String(action.actionType)} from the orchestrator.`;
        return { done: true };
    }
  };

  const activity = (action: ActionJson) =>
    leaf(
      (id) => ({
        kind: 'activity',
        id,
        name: action.functionName!,
        input: decodeProcessedInput(action.input),
      }),
      EventType.TaskScheduled,
      action.functionName,
    );

  const subOrchestration = (action: ActionJson) =>
    leaf(
      (id) => ({
        kind: 'subOrchestration',
        id,
        name: action.functionName!,
        instanceId: action.instanceId || `${instanceId}:${randomUUID()}`,
        input: action.input,
      }),
      EventType.SubOrchestrationInstanceCreated,
      action.functionName,
    );

  let pc = 0;
  let current: Node | undefined;
  let running = false;
  const advance = () => {
    running = true;
    while (pc < actions.length && (!current || current.done)) current = build(actions[pc++]);
  };

  for (const e of history) {
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- only the history events that answer an action; the rest are bookkeeping
    switch (e.EventType) {
      case EventType.OrchestratorStarted:
        time = Math.max(time, Date.parse(e.Timestamp));
        break;
      case EventType.ExecutionStarted:
        advance();
        break;
      case EventType.TaskCompleted:
      case EventType.SubOrchestrationInstanceCompleted:
        finish(leaves.get(e.TaskScheduledId!), true);
        break;
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceFailed:
        finish(leaves.get(e.TaskScheduledId!), false);
        break;
      case EventType.TimerFired:
        finish(leaves.get(e.TimerId!), true);
        break;
      case EventType.EventRaised: {
        const name = e.Name ?? '';
        if (requests.has(name)) finish(requests.get(name), true);
        else {
          // The library hands an event to the most recent waiter of that name (a stack).
          const node = waiters.get(name)?.pop();
          if (node) finish(node, true);
          else buffered.set(name, (buffered.get(name) ?? 0) + 1);
        }
        break;
      }
      default:
        break;
    }
    if (running) advance();
  }
  if (finished) while (pc < actions.length) current = build(actions[pc++]);
  return result;
}

/** DurableTask's RetryInterceptor: first interval × coefficient^attempt, capped by the max interval. */
export function retryDelay(options: RetryOptionsJson, attempt: number): number {
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(options.backoffCoefficient ?? 1, attempt);
  const cap = options.maxRetryIntervalInMilliseconds;
  return Math.max(0, cap !== undefined && cap > 0 ? Math.min(delay, cap) : delay);
}

function requestIdOf(sent: HistoryEvent): string {
  try {
    const request = JSON.parse(sent.Input ?? '{}') as { id?: unknown };
    return typeof request.id === 'string' ? request.id : randomUUID();
  } catch {
    return randomUUID();
  }
}
