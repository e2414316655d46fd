import { RuntimeMetrics, diffCounters } from './metrics';

describe('RuntimeMetrics and diffCounters', () => {
  it('sums by trigger, topic and container, and a diff keeps only what moved', () => {
    const m = new RuntimeMetrics();
    m.functionExecuted('a', 'httpTrigger', 2, false);
    m.messagesSent('t', 3);
    m.storeCalled('c', 'queries');
    const before = m.snapshot();
    m.functionExecuted('a', 'httpTrigger', 5, true);
    m.functionExecuted('b', 'activityTrigger', 1, false);
    m.messageDelivered('t');
    m.messagesSent('u', 1);
    m.storeCalled('c', 'batches', 4);
    m.storeCalled('d', 'writes');
    const after = m.snapshot();
    expect(after.functions).toMatchObject({
      executions: 3,
      failed: 1,
      byTrigger: { httpTrigger: 2, activityTrigger: 1 },
    });
    expect(after.bus).toMatchObject({ sent: 4, delivered: 1 });
    expect(after.store).toMatchObject({ queries: 1, batches: 1, batchOperations: 4, writes: 1 });

    const d = diffCounters(after, before);
    expect(d.functions).toEqual({
      executions: 2,
      failed: 1,
      byTrigger: { httpTrigger: 1, activityTrigger: 1 },
      byFunction: {
        a: { trigger: 'httpTrigger', executions: 1, failed: 1, ms: 5 },
        b: { trigger: 'activityTrigger', executions: 1, failed: 0, ms: 1 },
      },
    });
    expect(d.bus).toEqual({
      sent: 1,
      delivered: 1,
      byTopic: { t: { sent: 0, delivered: 1 }, u: { sent: 1, delivered: 0 } },
    });
    expect(d.store.byContainer).toEqual({
      c: { pointReads: 0, queries: 0, writes: 0, batches: 1, batchOperations: 4, changeFeedReads: 0 },
      d: { pointReads: 0, queries: 0, writes: 1, batches: 0, batchOperations: 0, changeFeedReads: 0 },
    });
    expect(d.store).toMatchObject({ writes: 1, batches: 1, batchOperations: 4, queries: 0 });
    // Snapshots are copies: the live counters moving later does not change them.
    m.functionExecuted('a', 'httpTrigger', 1, false);
    expect(after.functions.byFunction.a.executions).toBe(2);
  });
});
