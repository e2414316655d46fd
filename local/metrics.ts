/**
 * What the local runtime did, counted: function executions (by trigger kind and by function, with
 * their wall time), Service Bus messages sent and delivered (by topic), and document-store calls
 * (point reads, queries, single writes, transactional batches and their operations, change-feed
 * pages; by container). These are the quantities Azure bills for (executions, Service Bus operations,
 * Cosmos request units), so a benchmark or a simulated day can say what one order costs.
 *
 * `runtime.counters()` returns a snapshot (a plain, independent copy); `diffCounters(after, before)`
 * gives what happened between two snapshots. Counting is a few integer increments per call: it is
 * always on.
 */

export interface FunctionCount {
  /** The trigger kind, e.g. `httpTrigger`, `serviceBusTrigger`, `orchestrationTrigger`. */
  trigger: string;
  executions: number;
  failed: number;
  /** Wall time of all its executions, from the host's invoke to the result (ms). */
  ms: number;
}

export interface BusCount {
  sent: number;
  delivered: number;
}

export interface StoreCount {
  pointReads: number;
  queries: number;
  /** create, upsert, replace and delete outside a batch. */
  writes: number;
  batches: number;
  /** Operations inside those batches. */
  batchOperations: number;
  changeFeedReads: number;
}

export interface CounterSnapshot {
  functions: {
    executions: number;
    failed: number;
    byTrigger: Record<string, number>;
    byFunction: Record<string, FunctionCount>;
  };
  bus: BusCount & { byTopic: Record<string, BusCount> };
  store: StoreCount & { byContainer: Record<string, StoreCount> };
}

export type StoreCall = keyof StoreCount;

/** The live counters a runtime keeps; hooks call these, readers take snapshots. */
export class RuntimeMetrics {
  private readonly functions = new Map<string, FunctionCount>();
  private readonly topics = new Map<string, BusCount>();
  private readonly containers = new Map<string, StoreCount>();

  functionExecuted(name: string, trigger: string, ms: number, failed: boolean): void {
    let count = this.functions.get(name);
    if (!count) this.functions.set(name, (count = { trigger, executions: 0, failed: 0, ms: 0 }));
    count.executions++;
    if (failed) count.failed++;
    count.ms += ms;
  }

  messagesSent(topic: string, count: number): void {
    this.topic(topic).sent += count;
  }

  messageDelivered(topic: string): void {
    this.topic(topic).delivered++;
  }

  storeCalled(container: string, call: StoreCall, operations = 1): void {
    let count = this.containers.get(container);
    if (!count) this.containers.set(container, (count = emptyStore()));
    count[call]++;
    if (call === 'batches') count.batchOperations += operations;
  }

  snapshot(): CounterSnapshot {
    const byFunction = Object.fromEntries([...this.functions].map(([name, c]) => [name, { ...c }]));
    const byTrigger: Record<string, number> = {};
    let executions = 0;
    let failed = 0;
    for (const c of this.functions.values()) {
      byTrigger[c.trigger] = (byTrigger[c.trigger] ?? 0) + c.executions;
      executions += c.executions;
      failed += c.failed;
    }
    const byTopic = Object.fromEntries([...this.topics].map(([name, c]) => [name, { ...c }]));
    const byContainer = Object.fromEntries([...this.containers].map(([name, c]) => [name, { ...c }]));
    return {
      functions: { executions, failed, byTrigger, byFunction },
      bus: { ...sumBus(Object.values(byTopic)), byTopic },
      store: { ...sumStore(Object.values(byContainer)), byContainer },
    };
  }

  private topic(name: string): BusCount {
    let count = this.topics.get(name);
    if (!count) this.topics.set(name, (count = { sent: 0, delivered: 0 }));
    return count;
  }
}

/** What happened between two snapshots of the same runtime (entries that did not move are left out). */
export function diffCounters(after: CounterSnapshot, before: CounterSnapshot): CounterSnapshot {
  const byFunction: Record<string, FunctionCount> = {};
  for (const [name, a] of Object.entries(after.functions.byFunction)) {
    const b = before.functions.byFunction[name];
    const executions = a.executions - (b?.executions ?? 0);
    if (executions === 0) continue;
    byFunction[name] = {
      trigger: a.trigger,
      executions,
      failed: a.failed - (b?.failed ?? 0),
      ms: a.ms - (b?.ms ?? 0),
    };
  }
  const byTrigger: Record<string, number> = {};
  for (const [trigger, n] of Object.entries(after.functions.byTrigger)) {
    const moved = n - (before.functions.byTrigger[trigger] ?? 0);
    if (moved !== 0) byTrigger[trigger] = moved;
  }
  const byTopic = diffEntries(after.bus.byTopic, before.bus.byTopic, (a, b) => ({
    sent: a.sent - (b?.sent ?? 0),
    delivered: a.delivered - (b?.delivered ?? 0),
  }));
  const byContainer = diffEntries(after.store.byContainer, before.store.byContainer, (a, b) => {
    const d = emptyStore();
    for (const key of storeKeys) d[key] = a[key] - (b?.[key] ?? 0);
    return d;
  });
  return {
    functions: {
      executions: after.functions.executions - before.functions.executions,
      failed: after.functions.failed - before.functions.failed,
      byTrigger,
      byFunction,
    },
    bus: { ...sumBus(Object.values(byTopic)), byTopic },
    store: { ...sumStore(Object.values(byContainer)), byContainer },
  };
}

const storeKeys: readonly StoreCall[] = [
  'pointReads',
  'queries',
  'writes',
  'batches',
  'batchOperations',
  'changeFeedReads',
];

function emptyStore(): StoreCount {
  return { pointReads: 0, queries: 0, writes: 0, batches: 0, batchOperations: 0, changeFeedReads: 0 };
}

function sumBus(counts: BusCount[]): BusCount {
  return counts.reduce((s, c) => ({ sent: s.sent + c.sent, delivered: s.delivered + c.delivered }), {
    sent: 0,
    delivered: 0,
  });
}

function sumStore(counts: StoreCount[]): StoreCount {
  const total = emptyStore();
  for (const c of counts) for (const key of storeKeys) total[key] += c[key];
  return total;
}

function diffEntries<T extends object>(
  after: Record<string, T>,
  before: Record<string, T>,
  minus: (a: T, b: T | undefined) => T,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, a] of Object.entries(after)) {
    const d = minus(a, before[name]);
    if (Object.values(d).some((v) => v !== 0)) out[name] = d;
  }
  return out;
}
