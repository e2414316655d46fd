import type { Journal, JournalRecord } from '../persistence/journal';
import type { HistoryEvent } from './protocol';
import type {
  ActivityWork,
  EntityRecord,
  InstanceRecord,
  Message,
  MessageBody,
  TimerRecord,
} from './records';

export type * from './records';

/**
 * Durable state in the runtime's journal. Every state transition (an orchestration episode, an
 * entity batch, an activity result, a timer firing, a client request) is one Tx committed as one
 * journal record, so a crash leaves either all of it or none: a message is consumed in the same
 * commit that applies it, and the messages it causes are written in that commit too. Nothing is
 * applied twice and nothing is lost, without separate de-duplication.
 */
export const COLLECTIONS = {
  instances: 'durable:instances',
  /** One record per history event, appended (key: instance, execution, index), never rewritten. */
  history: 'durable:history',
  entities: 'durable:entities',
  messages: 'durable:messages',
  activities: 'durable:activities',
  timers: 'durable:timers',
} as const;

export const workKey = (instanceId: string, executionId: string, id: number) =>
  `${instanceId}\n${executionId}\n${id}`;

interface HistoryChange {
  instanceId: string;
  /** Replace the instance's cached history with this list (append or reset). */
  events: readonly HistoryEvent[];
}

export class DurableStore {
  private readonly inboxes = new Map<string, Message[]>();
  private readonly histories = new Map<string, readonly HistoryEvent[]>();
  private seq = 0;
  /** Told of every message after the commit that sent it. */
  onMessage: (message: Message) => void = () => undefined;

  constructor(readonly journal: Journal) {
    const messages = [...(journal.collection(COLLECTIONS.messages).values() as Iterable<Message>)].sort(
      (a, b) => a.seq - b.seq,
    );
    for (const m of messages) this.enqueue(m);
    this.seq = messages.length ? messages[messages.length - 1].seq + 1 : 0;
    const byExecution = new Map<string, Array<[number, HistoryEvent]>>();
    for (const [key, e] of journal.collection(COLLECTIONS.history) as ReadonlyMap<string, HistoryEvent>) {
      const [instanceId, executionId, index] = key.split('\n');
      if (this.instance(instanceId)?.executionId !== executionId) continue;
      const list = byExecution.get(instanceId) ?? [];
      list.push([Number(index), e]);
      byExecution.set(instanceId, list);
    }
    for (const [instanceId, list] of byExecution)
      this.histories.set(
        instanceId,
        list.sort((a, b) => a[0] - b[0]).map(([, e]) => e),
      );
  }

  /** The current execution's history. */
  history(instanceId: string): readonly HistoryEvent[] {
    return this.histories.get(instanceId) ?? [];
  }

  instance(id: string): InstanceRecord | undefined {
    return this.journal.get(COLLECTIONS.instances, id) as InstanceRecord | undefined;
  }

  entity(id: string): EntityRecord | undefined {
    return this.journal.get(COLLECTIONS.entities, id) as EntityRecord | undefined;
  }

  instances(): Iterable<InstanceRecord> {
    return this.journal.collection(COLLECTIONS.instances).values() as Iterable<InstanceRecord>;
  }

  entities(): Iterable<[string, EntityRecord]> {
    return this.journal.collection(COLLECTIONS.entities).entries() as Iterable<[string, EntityRecord]>;
  }

  activities(): ActivityWork[] {
    return [...(this.journal.collection(COLLECTIONS.activities).values() as Iterable<ActivityWork>)];
  }

  timers(): TimerRecord[] {
    return [...(this.journal.collection(COLLECTIONS.timers).values() as Iterable<TimerRecord>)];
  }

  inbox(target: string): readonly Message[] {
    return this.inboxes.get(target) ?? [];
  }

  targets(): string[] {
    return [...this.inboxes.keys()];
  }

  get queuedMessages(): number {
    let n = 0;
    for (const q of this.inboxes.values()) n += q.length;
    return n;
  }

  begin(): Tx {
    return new Tx(
      () => this.seq++,
      (id) => this.history(id),
    );
  }

  commit(tx: Tx): void {
    this.journal.commit(tx.records);
    for (const change of tx.historyChanges) {
      if (change.events.length) this.histories.set(change.instanceId, change.events);
      else this.histories.delete(change.instanceId);
    }
    for (const m of tx.consumed) {
      const queue = this.inboxes.get(m.target);
      const at = queue?.indexOf(m) ?? -1;
      if (queue && at >= 0) queue.splice(at, 1);
      if (queue && queue.length === 0) this.inboxes.delete(m.target);
    }
    for (const m of tx.sent) this.enqueue(m);
    for (const m of tx.sent) this.onMessage(m);
    for (const f of tx.after) f();
  }

  private enqueue(m: Message): void {
    const queue = this.inboxes.get(m.target);
    if (queue) queue.push(m);
    else this.inboxes.set(m.target, [m]);
  }
}

export class Tx {
  readonly records: JournalRecord[] = [];
  readonly sent: Message[] = [];
  readonly consumed: Message[] = [];
  readonly after: Array<() => void> = [];
  readonly historyChanges: HistoryChange[] = [];

  constructor(
    private readonly nextSeq: () => number,
    private readonly historyOf: (instanceId: string) => readonly HistoryEvent[],
  ) {}

  putInstance(record: InstanceRecord): void {
    this.records.push({ collection: COLLECTIONS.instances, key: record.instanceId, value: record });
  }

  /** Removes the instance and the history of its current execution. */
  deleteInstance(record: InstanceRecord): void {
    this.records.push({ collection: COLLECTIONS.instances, key: record.instanceId });
    this.clearHistory(record);
  }

  /** Appends events to the current execution's history; returns the new length. */
  appendHistory(record: InstanceRecord, events: readonly HistoryEvent[]): number {
    const before = this.historyOf(record.instanceId);
    events.forEach((e, i) => {
      this.records.push({
        collection: COLLECTIONS.history,
        key: workKey(record.instanceId, record.executionId, before.length + i),
        value: e,
      });
    });
    this.historyChanges.push({ instanceId: record.instanceId, events: [...before, ...events] });
    return before.length + events.length;
  }

  /** Drops the current execution's history (continue-as-new, purge). */
  clearHistory(record: InstanceRecord): void {
    for (let i = 0; i < record.historyLength; i++)
      this.records.push({
        collection: COLLECTIONS.history,
        key: workKey(record.instanceId, record.executionId, i),
      });
    this.historyChanges.push({ instanceId: record.instanceId, events: [] });
  }

  putEntity(id: string, record: EntityRecord | undefined): void {
    this.records.push({ collection: COLLECTIONS.entities, key: id, value: record });
  }

  send(target: string, body: MessageBody, at: number): Message {
    const message: Message = { seq: this.nextSeq(), target, sentAt: at, body };
    this.records.push({ collection: COLLECTIONS.messages, key: String(message.seq), value: message });
    this.sent.push(message);
    return message;
  }

  consume(messages: readonly Message[]): void {
    for (const m of messages) {
      this.records.push({ collection: COLLECTIONS.messages, key: String(m.seq) });
      this.consumed.push(m);
    }
  }

  addActivity(work: ActivityWork): void {
    this.records.push({
      collection: COLLECTIONS.activities,
      key: workKey(work.instanceId, work.executionId, work.taskId),
      value: work,
    });
  }

  removeActivity(work: ActivityWork): void {
    this.records.push({
      collection: COLLECTIONS.activities,
      key: workKey(work.instanceId, work.executionId, work.taskId),
    });
  }

  addTimer(timer: TimerRecord): void {
    this.records.push({
      collection: COLLECTIONS.timers,
      key: workKey(timer.instanceId, timer.executionId, timer.timerId),
      value: timer,
    });
  }

  removeTimer(timer: TimerRecord): void {
    this.records.push({
      collection: COLLECTIONS.timers,
      key: workKey(timer.instanceId, timer.executionId, timer.timerId),
    });
  }

  /** Runs once the commit is durable (start the activity, arm the timer...). */
  afterCommit(f: () => void): void {
    this.after.push(f);
  }
}
