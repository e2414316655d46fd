import { randomUUID } from 'node:crypto';
import { orchestratorFailure } from './errors';
import { orchestratorDetails, subOrchestrationFailed } from './failures';
import {
  EventType,
  UPPER_SCHEMA_VERSION,
  event,
  toJsonText,
  type HistoryEvent,
  type OrchestratorState,
  type OrchestrationTriggerPayload,
} from './protocol';
import { replay } from './replay';
import { KeyedRunner } from './runner';
import { notFound, type Services } from './services';
import { applyCommands } from './commands';
import type { FailureInfo, InstanceRecord, Message, Tx } from './store';

export const isActive = (r: InstanceRecord) => r.runtimeStatus === 'Pending' || r.runtimeStatus === 'Running';

/**
 * Orchestration episodes: take every message queued for an instance, append them to its history,
 * invoke the orchestrator with the whole history (the library replays it), carry out the new
 * actions, and commit history, status, consumed messages and caused work as one record.
 */
export class OrchestrationDispatcher {
  private readonly runner: KeyedRunner;

  constructor(private readonly s: Services) {
    this.runner = new KeyedRunner(
      (id) => this.episode(id),
      (id) => s.store.inbox(id).length > 0,
      (id, error) =>
        s.host.log(
          'error',
          `durable: orchestration "${id}" could not run: ${(error as Error)?.stack ?? String(error)}`,
        ),
    );
  }

  kick(instanceId: string): void {
    this.runner.kick(instanceId);
  }

  get idle(): boolean {
    return this.runner.idle;
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  private async episode(instanceId: string): Promise<void> {
    const { store } = this.s;
    const messages = [...store.inbox(instanceId)];
    const record = store.instance(instanceId);
    let tx = store.begin();
    tx.consume(messages);
    const now = this.s.now();
    const { events, terminate } =
      record && isActive(record)
        ? collect(record, store.history(instanceId).length, messages, now)
        : { events: [], terminate: undefined };

    if (!record || !isActive(record) || (events.length === 0 && terminate === undefined))
      return store.commit(tx);
    if (terminate !== undefined) return store.commit(this.terminated(tx, record, terminate, now));

    const past = store.history(instanceId);
    const fresh = [event(EventType.OrchestratorStarted, now), ...events];
    const history = [...past, ...fresh];
    const fn = this.s.functions.orchestrator(record.name);
    let state: OrchestratorState | undefined;
    let failure: FailureInfo | undefined;
    if (!fn) failure = { errorType: 'Error', errorMessage: notFound(record.name, 'an orchestrator') };
    else {
      const payload: OrchestrationTriggerPayload = {
        history,
        input: record.input ?? null,
        instanceId,
        isReplaying: past.length > 0,
        parentInstanceId: record.parent?.instanceId,
        upperSchemaVersion: UPPER_SCHEMA_VERSION,
      };
      try {
        const response = await this.s.host.invoke(fn.name, {
          inputData: [{ name: fn.triggerBindingName, data: { json: JSON.stringify(payload) } }],
        });
        state = parseState(response.returnValue?.json ?? response.returnValue?.string ?? undefined);
        if (!state)
          failure = { errorType: 'Error', errorMessage: 'The orchestrator returned no replay state.' };
      } catch (error) {
        ({ failure, state } = orchestratorFailure(error));
      }
    }
    if (this.s.closed()) return;

    const finished = failure !== undefined || state?.isDone === true;
    let outcome: ReturnType<typeof replay> | undefined;
    let appended: ReturnType<typeof applyCommands> = [];
    try {
      outcome = replay(history, (state?.actions ?? []).flat(), finished, instanceId);
      if (outcome.nondeterminism)
        failure = { errorType: 'NonDeterministicOrchestrationError', errorMessage: outcome.nondeterminism };
      else appended = applyCommands(this.s, tx, record, outcome.commands, now);
    } catch (error) {
      // Actions the host cannot carry out (e.g. a timer at an invalid date) fail the instance, in a
      // fresh transaction without half-applied commands, instead of leaving it stuck for ever.
      tx = store.begin();
      tx.consume(messages);
      appended = [];
      outcome = undefined;
      failure = {
        errorType: error instanceof Error ? error.name : 'Error',
        errorMessage: `The host could not carry out the orchestrator's actions: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const next: InstanceRecord = {
      ...record,
      runtimeStatus: 'Running',
      lastUpdatedTime: now,
      customStatus: state?.customStatus !== undefined ? state.customStatus : record.customStatus,
    };
    const added = [...fresh, ...appended];
    let ended = true;
    if (failure) {
      const output = `Orchestrator function '${record.name}' failed: ${failure.errorMessage}`;
      added.push(
        event(EventType.ExecutionFailed, now, { Reason: output, Details: orchestratorDetails(failure) }),
      );
      Object.assign(next, { runtimeStatus: 'Failed', output, failure });
      this.s.host.log('warn', `durable: orchestration "${instanceId}" failed: ${failure.errorMessage}`);
      this.notifyParent(tx, next, now);
    } else if (state?.isDone && outcome?.continueAsNew) {
      tx.clearHistory(record);
      Object.assign(next, {
        executionId: randomUUID(),
        historyLength: 0,
        input: outcome.continueAsNew.input,
      });
      tx.send(instanceId, { type: 'start', executionId: next.executionId }, now);
      added.length = 0;
    } else if (state?.isDone) {
      added.push(event(EventType.ExecutionCompleted, now, { Result: toJsonText(state.output) }));
      Object.assign(next, { runtimeStatus: 'Completed', output: state.output ?? null });
      this.notifyParent(tx, next, now);
    } else ended = false;
    if (ended) this.s.dropTimers(tx, instanceId);
    if (added.length) {
      added.push(event(EventType.OrchestratorCompleted, now));
      next.historyLength = tx.appendHistory(record, added.map(played));
    }
    tx.putInstance(next);
    store.commit(tx);
  }

  private terminated(tx: Tx, record: InstanceRecord, reason: string, now: number): Tx {
    const next: InstanceRecord = {
      ...record,
      runtimeStatus: 'Terminated',
      output: reason,
      lastUpdatedTime: now,
    };
    next.historyLength = tx.appendHistory(record, [
      played(event(EventType.ExecutionTerminated, now, { Input: toJsonText(reason) })),
    ]);
    tx.putInstance(next);
    this.notifyParent(tx, next, now);
    this.s.dropTimers(tx, record.instanceId);
    return tx;
  }

  /** A sub-orchestration reports its end to the parent's execution that started it. */
  private notifyParent(tx: Tx, child: InstanceRecord, now: number): void {
    const parent = child.parent;
    if (!parent) return;
    const completed = child.runtimeStatus === 'Completed';
    const failure = child.failure ?? {
      errorType: 'Error',
      errorMessage: `Sub-orchestration '${child.instanceId}' was ${child.runtimeStatus.toLowerCase()}: ${String(child.output)}`,
    };
    const e = completed
      ? event(EventType.SubOrchestrationInstanceCompleted, now, {
          TaskScheduledId: parent.taskScheduledId,
          Result: toJsonText(child.output),
        })
      : subOrchestrationFailed(parent.taskScheduledId, String(child.output), failure, now);
    tx.send(parent.instanceId, { type: 'event', executionId: parent.executionId, event: e }, now);
  }
}

/** New history events from the queued messages; a pending start comes first. */
function collect(
  record: InstanceRecord,
  historyLength: number,
  messages: readonly Message[],
  now: number,
): { events: HistoryEvent[]; terminate?: string } {
  const events: HistoryEvent[] = [];
  let started = historyLength > 0;
  let terminate: string | undefined;
  if (
    !started &&
    messages.some((m) => m.body.type === 'start' && m.body.executionId === record.executionId)
  ) {
    events.push(
      event(EventType.ExecutionStarted, now, { Name: record.name, Input: toJsonText(record.input) }),
    );
    started = true;
  }
  for (const m of messages) {
    const body = m.body;
    if (body.type === 'terminate') terminate ??= body.reason;
    else if (
      body.type === 'event' &&
      started &&
      (body.executionId === undefined || body.executionId === record.executionId)
    ) {
      events.push({ ...body.event, Timestamp: new Date(now).toISOString(), IsPlayed: false });
    }
  }
  return { events, terminate };
}

function parseState(text: string | undefined): OrchestratorState | undefined {
  if (!text) return undefined;
  const value = JSON.parse(text) as OrchestratorState;
  return value && typeof value === 'object' && Array.isArray(value.actions) ? value : undefined;
}

const played = (e: HistoryEvent): HistoryEvent => (e.IsPlayed ? e : { ...e, IsPlayed: true });
