import { randomUUID } from 'node:crypto';
import { activityRefused, subOrchestrationRefused } from './failures';
import { EventType, event, toJsonText, type HistoryEvent } from './protocol';
import type { Command } from './replay';
import { notFound, type Services } from './services';
import type { InstanceRecord, Tx } from './store';
import { assertNever } from '../../shared/assert-never';

/**
 * Carries out an episode's new commands inside its transaction: the scheduling events go into the
 * history, the work they cause (activity work items, timers, messages to entities and
 * sub-orchestrations) is written in the same commit and started once it is durable.
 */
export function applyCommands(
  s: Services,
  tx: Tx,
  record: InstanceRecord,
  commands: readonly Command[],
  now: number,
): HistoryEvent[] {
  const { instanceId, executionId } = record;
  const appended: HistoryEvent[] = [];
  const failLater = (id: number, name: string, reason: string) =>
    tx.send(instanceId, { type: 'event', executionId, event: activityRefused(id, name, reason, now) }, now);

  for (const c of commands) {
    switch (c.kind) {
      case 'activity': {
        appended.push(
          event(EventType.TaskScheduled, now, { EventId: c.id, Name: c.name, Input: toJsonText(c.input) }),
        );
        const work = { instanceId, executionId, taskId: c.id, name: c.name, input: c.input };
        tx.addActivity(work);
        tx.afterCommit(() => s.startActivity(work));
        break;
      }
      case 'timer': {
        appended.push(
          event(EventType.TimerCreated, now, { EventId: c.id, FireAt: new Date(c.fireAt).toISOString() }),
        );
        const timer = { instanceId, executionId, timerId: c.id, fireAt: c.fireAt };
        tx.addTimer(timer);
        tx.afterCommit(() => s.armTimer(timer));
        break;
      }
      case 'subOrchestration': {
        appended.push(
          event(EventType.SubOrchestrationInstanceCreated, now, {
            EventId: c.id,
            Name: c.name,
            InstanceId: c.instanceId,
            Input: toJsonText(c.input),
          }),
        );
        startSubOrchestration(s, tx, record, c, now);
        break;
      }
      case 'callEntity':
      case 'signalEntity': {
        const signal = c.kind === 'signalEntity';
        const parent = signal ? undefined : { instanceId, executionId };
        const request = {
          id: c.requestId,
          op: c.operation,
          signal,
          input: c.input === undefined ? undefined : JSON.stringify(c.input),
          parent: instanceId,
        };
        appended.push(
          event(EventType.EventSent, now, {
            EventId: c.id,
            Name: 'op',
            InstanceId: c.target,
            Input: JSON.stringify(request),
          }),
        );
        tx.send(
          c.target,
          {
            type: 'operation',
            requestId: c.requestId,
            operation: c.operation,
            input: c.input,
            signal,
            parent,
          },
          now,
        );
        break;
      }
      case 'unsupported':
        appended.push(event(EventType.TaskScheduled, now, { EventId: c.id, Name: c.name }));
        failLater(c.id, c.name, c.reason);
        break;
      default:
        return assertNever(c, 'unexpected command');
    }
  }
  return appended;
}

function startSubOrchestration(
  s: Services,
  tx: Tx,
  parent: InstanceRecord,
  c: Extract<Command, { kind: 'subOrchestration' }>,
  now: number,
): void {
  const existing = s.store.instance(c.instanceId);
  const fn = s.functions.orchestrator(c.name);
  const refusal = !fn
    ? notFound(c.name, 'an orchestrator')
    : existing && (existing.runtimeStatus === 'Pending' || existing.runtimeStatus === 'Running')
      ? `An orchestration with instance ID '${c.instanceId}' is already ${existing.runtimeStatus.toLowerCase()}.`
      : undefined;
  if (refusal) {
    tx.send(
      parent.instanceId,
      {
        type: 'event',
        executionId: parent.executionId,
        event: subOrchestrationRefused(c.id, refusal, now),
      },
      now,
    );
    return;
  }
  const child: InstanceRecord = {
    instanceId: c.instanceId,
    name: fn!.name,
    executionId: randomUUID(),
    runtimeStatus: 'Pending',
    input: c.input ?? null,
    output: null,
    customStatus: null,
    createdTime: now,
    lastUpdatedTime: now,
    historyLength: 0,
    parent: { instanceId: parent.instanceId, executionId: parent.executionId, taskScheduledId: c.id },
  };
  if (existing) tx.clearHistory(existing);
  tx.putInstance(child);
  tx.send(child.instanceId, { type: 'start', executionId: child.executionId }, now);
}
