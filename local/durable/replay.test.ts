import { ActionType, EventType, event, type ActionJson, type HistoryEvent } from './protocol';
import { replay, retryDelay } from './replay';

const T0 = Date.parse('2026-12-01T06:00:00Z');
const activity = (name: string, input?: unknown): ActionJson => ({
  actionType: ActionType.CallActivity,
  functionName: name,
  input,
});
const retrying = (name: string, attempts: number): ActionJson => ({
  actionType: ActionType.CallActivityWithRetry,
  functionName: name,
  retryOptions: {
    firstRetryIntervalInMilliseconds: 1000,
    maxNumberOfAttempts: attempts,
    backoffCoefficient: 2,
  },
});
const started = (at = T0): HistoryEvent[] => [
  event(EventType.OrchestratorStarted, at),
  event(EventType.ExecutionStarted, at, { Name: 'o' }),
];
const scheduled = (id: number, name: string) =>
  event(EventType.TaskScheduled, T0, { EventId: id, Name: name });
const completed = (id: number) => event(EventType.TaskCompleted, T0, { TaskScheduledId: id, Result: '1' });
const failed = (id: number) => event(EventType.TaskFailed, T0, { TaskScheduledId: id, Reason: 'no' });
const timerCreated = (id: number) => event(EventType.TimerCreated, T0, { EventId: id });
const timerFired = (id: number) => event(EventType.TimerFired, T0, { TimerId: id });

describe('host-side replay of orchestrator actions', () => {
  it('schedules only actions without a scheduling event, numbered in order', () => {
    const history = [...started(), scheduled(0, 'a'), completed(0)];
    expect(replay(history, [activity('a'), activity('b', '"x"')], false, 'i').commands).toEqual([
      { kind: 'activity', id: 1, name: 'b', input: 'x' },
    ]);
  });

  it('waits for an action to complete before taking the next one', () => {
    const history = [...started(), scheduled(0, 'a')];
    expect(replay(history, [activity('a'), activity('b')], false, 'i').commands).toEqual([]);
  });

  it('runs a retry as attempt, timer, attempt, each taking the next number, then moves on', () => {
    const later = T0 + 5_000;
    let history = [...started(), scheduled(0, 'a'), failed(0)];
    expect(replay(history, [retrying('a', 3), activity('b')], false, 'i').commands).toEqual([
      { kind: 'timer', id: 1, fireAt: T0 + 1000 },
    ]);
    history = [...history, timerCreated(1), event(EventType.OrchestratorStarted, later), timerFired(1)];
    expect(replay(history, [retrying('a', 3), activity('b')], false, 'i').commands).toEqual([
      { kind: 'activity', id: 2, name: 'a', input: undefined },
    ]);
    history = [...history, scheduled(2, 'a'), failed(2)];
    // Second failure: backoff coefficient 2 doubles the interval, counted from the current episode.
    expect(replay(history, [retrying('a', 3), activity('b')], false, 'i').commands).toEqual([
      { kind: 'timer', id: 3, fireAt: later + 2000 },
    ]);
    history = [...history, timerCreated(3), timerFired(3), scheduled(4, 'a'), completed(4)];
    expect(replay(history, [retrying('a', 3), activity('b')], false, 'i').commands).toEqual([
      { kind: 'activity', id: 5, name: 'b', input: undefined },
    ]);
  });

  it('stops retrying after the last attempt and its timer', () => {
    const history = [
      ...started(),
      scheduled(0, 'a'),
      failed(0),
      timerCreated(1),
      timerFired(1),
      scheduled(2, 'a'),
      failed(2),
      timerCreated(3),
      timerFired(3),
    ];
    expect(replay(history, [retrying('a', 2), activity('b')], false, 'i').commands).toEqual([
      { kind: 'activity', id: 4, name: 'b', input: undefined },
    ]);
  });

  it('waits for every Task.all child, as the Durable extension does, unless the orchestrator has finished', () => {
    const all: ActionJson = {
      actionType: ActionType.WhenAll,
      compoundActions: [activity('a'), activity('b')],
    };
    const history = [...started(), scheduled(0, 'a'), scheduled(1, 'b'), failed(0)];
    expect(replay(history, [all, activity('c')], false, 'i').commands).toEqual([]);
    expect(replay(history, [all, activity('c')], true, 'i').commands).toEqual([
      { kind: 'activity', id: 2, name: 'c', input: undefined },
    ]);
    expect(replay([...history, completed(1)], [all, activity('c')], false, 'i').commands).toHaveLength(1);
  });

  it('completes Task.any on the first child and matches external events, including early ones', () => {
    const wait: ActionJson = { actionType: ActionType.WaitForExternalEvent, externalEventName: 'go' };
    const timer: ActionJson = {
      actionType: ActionType.CreateTimer,
      fireAt: new Date(T0 + 60_000).toISOString(),
    };
    const any: ActionJson = { actionType: ActionType.WhenAny, compoundActions: [wait, timer] };
    const raised = event(EventType.EventRaised, T0, { Name: 'go', Input: '1' });
    expect(
      replay([...started(), timerCreated(0), raised], [any, activity('next')], false, 'i').commands,
    ).toEqual([{ kind: 'activity', id: 1, name: 'next', input: undefined }]);
    // An event that arrived before anyone waited is kept for the wait.
    expect(
      replay(
        [...started(), scheduled(0, 'first'), raised, completed(0)],
        [activity('first'), wait, activity('next')],
        false,
        'i',
      ).commands,
    ).toEqual([{ kind: 'activity', id: 1, name: 'next', input: undefined }]);
  });

  it('numbers entity signals and calls, and matches a call response by its request id', () => {
    const call: ActionJson = {
      actionType: ActionType.CallEntity,
      instanceId: '@shelf@bread',
      operation: 'reserve',
      input: { n: 1 },
    };
    const signal: ActionJson = {
      actionType: ActionType.SignalEntity,
      instanceId: '@log@x',
      operation: 'add',
      input: 2,
    };
    const first = replay(started(), [signal, call, activity('after')], false, 'i');
    expect(first.commands.map((c) => [c.kind, c.id])).toEqual([
      ['signalEntity', 0],
      ['callEntity', 1],
    ]);
    const requestId = (first.commands[1] as { requestId: string }).requestId;
    const history = [
      ...started(),
      event(EventType.EventSent, T0, { EventId: 0, Input: JSON.stringify({ id: 'sig' }) }),
      event(EventType.EventSent, T0, { EventId: 1, Input: JSON.stringify({ id: requestId }) }),
      event(EventType.EventRaised, T0, { Name: requestId, Input: '{"result":"1"}' }),
    ];
    expect(replay(history, [signal, call, activity('after')], false, 'i').commands).toEqual([
      { kind: 'activity', id: 2, name: 'after', input: undefined },
    ]);
  });

  it('reports an orchestrator that no longer matches its history', () => {
    const history = [...started(), scheduled(0, 'a'), completed(0)];
    expect(replay(history, [activity('b')], false, 'i').nondeterminism).toContain(
      'TaskScheduled "b" now, but the history records TaskScheduled "a"',
    );
    expect(
      replay(
        history,
        [{ actionType: ActionType.CreateTimer, fireAt: new Date(T0).toISOString() }],
        false,
        'i',
      ).nondeterminism,
    ).toBeDefined();
  });

  it('carries continue-as-new input, decoding the library’s string encoding', () => {
    expect(
      replay(started(), [{ actionType: ActionType.ContinueAsNew, input: '"next"' }], true, 'i').continueAsNew,
    ).toEqual({ input: 'next' });
  });

  it('computes retry delays as DurableTask does', () => {
    expect(
      retryDelay({ firstRetryIntervalInMilliseconds: 100, maxNumberOfAttempts: 5, backoffCoefficient: 3 }, 2),
    ).toBe(900);
    expect(
      retryDelay(
        {
          firstRetryIntervalInMilliseconds: 100,
          maxNumberOfAttempts: 5,
          backoffCoefficient: 3,
          maxRetryIntervalInMilliseconds: 500,
        },
        2,
      ),
    ).toBe(500);
    expect(retryDelay({ firstRetryIntervalInMilliseconds: 100, maxNumberOfAttempts: 5 }, 4)).toBe(100);
  });
});
