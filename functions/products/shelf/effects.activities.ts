import * as df from 'durable-functions';
import type { ActivityHandler, OrchestrationContext, Task } from 'durable-functions';
import type { MessagePublisher } from '../../../shared/bus/port';
import type { Clock } from '../../../shared/clock';
import { createBakeryEvent, toMessage, topicOf } from '../../../shared/events';
import type { DocumentStore } from '../../../shared/store/port';
import type { BakeryCalendar } from '../../../shared/time/bakery-calendar';
import { openHistory, recordHistory } from '../history/history-store';
import type { HistoryEntry, PlannedEvent, ShelfEffects } from './shelf-effects';

/**
 * The only places the products service touches the world from its orchestrations: write item
 * history, publish events. Activities run at least once; both are idempotent (history lines are
 * keyed by shelf version, events carry deterministic ids so duplicate detection drops a resend).
 */
export const RECORD_HISTORY = 'products-record-history';
export const PUBLISH = 'products-publish';

/**
 * Transient failures (store throttling, broker unavailable) are retried by Durable, backing off to
 * one attempt every 5 minutes. Effectively without limit (about a month): these steps run after the
 * shelf has changed, so giving up would leave a changed shelf whose history and events never appear
 * (a paid order never handed over). The orchestration stays Running meanwhile, and a redelivered
 * message finds it there.
 */
const RETRY = Object.assign(new df.RetryOptions(1_000, 10_000), {
  backoffCoefficient: 2,
  maxRetryIntervalInMilliseconds: 5 * 60_000,
});

export interface EffectDependencies {
  store: DocumentStore;
  publisher: MessagePublisher;
  clock: Clock;
  calendar: BakeryCalendar;
}

/** Activity: write each item's history lines (idempotent by shelf version). */
export function recordHistoryActivity(deps: EffectDependencies): ActivityHandler {
  return async (entries: HistoryEntry[]) => {
    await recordHistory(await openHistory(deps.store), entries, (bakedAt) =>
      deps.calendar.dayOf(Date.parse(bakedAt)),
    );
    return entries.length;
  };
}

/** Activity: publish planned events under their deterministic ids. */
export function publishActivity(deps: EffectDependencies): ActivityHandler {
  return async (planned: PlannedEvent[]) => {
    const byTopic = new Map<string, ReturnType<typeof toMessage>[]>();
    for (const p of planned) {
      const event = createBakeryEvent(p.type, p.data, {
        clock: deps.clock,
        id: p.id,
        ...(p.correlationId ? { correlationId: p.correlationId } : {}),
      });
      const topic = topicOf(p.type);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), toMessage(event)]);
    }
    for (const [topic, messages] of byTopic) await deps.publisher.send(topic, messages);
    return planned.length;
  };
}

/**
 * Orchestration step: record the report's history, then publish its events and `extra` (the
 * order events). History first, so a reader who sees an event finds the history behind it.
 */
export function* applyEffects(
  context: OrchestrationContext,
  report: ShelfEffects,
  extra: PlannedEvent[] = [],
): Generator<Task, void, unknown> {
  if (report.history.length > 0)
    yield context.df.callActivityWithRetry(RECORD_HISTORY, RETRY, report.history);
  const events = [...report.events, ...extra];
  if (events.length > 0) yield context.df.callActivityWithRetry(PUBLISH, RETRY, events);
}
