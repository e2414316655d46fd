import { randomUUID } from 'node:crypto';
import { describeError, entityFailure, withErrorSerialization } from './errors';
import {
  EventType,
  event,
  parseSchedulerId,
  schedulerId,
  type EntityBatchResult,
  type EntityTriggerPayload,
} from './protocol';
import { resultText } from './activities';
import { KeyedRunner } from './runner';
import { notFound, type Services } from './services';
import type { FailureInfo, Message, MessageBody } from './store';

type Operation = Extract<MessageBody, { type: 'operation' }>;

/**
 * Entity batches: the operations queued for one entity are handed to its function in one
 * invocation, in arrival order; one batch per entity at a time. The new state, the consumed
 * operations, the responses to calling orchestrations and the signals the operations sent are one
 * commit, so an operation is applied exactly once even across a crash.
 */
export class EntityDispatcher {
  private readonly runner: KeyedRunner;

  constructor(private readonly s: Services) {
    this.runner = new KeyedRunner(
      (id) => this.batch(id),
      (id) => s.store.inbox(id).length > 0,
      (id, error) =>
        s.host.log(
          'error',
          `durable: entity "${id}" could not run: ${(error as Error)?.stack ?? String(error)}`,
        ),
    );
  }

  kick(id: string): void {
    this.runner.kick(id);
  }

  get idle(): boolean {
    return this.runner.idle;
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  private async batch(id: string): Promise<void> {
    const { store, host } = this.s;
    const messages = store.inbox(id).slice(0, this.s.options.maxEntityBatchSize);
    const tx = store.begin();
    tx.consume(messages);
    const self = parseSchedulerId(id);
    const operations = messages.filter(
      (m): m is Message & { body: Operation } => m.body.type === 'operation',
    );
    if (!self || operations.length === 0) return store.commit(tx);

    const record = store.entity(id);
    const fn = this.s.functions.entity(self.name);
    let result: EntityBatchResult | undefined;
    let batchError: FailureInfo | undefined;
    if (!fn) batchError = { errorType: 'Error', errorMessage: notFound(self.name, 'an entity') };
    else {
      const payload: EntityTriggerPayload = {
        self,
        exists: record !== undefined,
        state: record?.state,
        batch: operations.map(({ body }) => ({
          id: body.requestId,
          name: body.operation,
          signal: body.signal,
          input: body.input === undefined ? undefined : JSON.stringify(body.input),
        })),
      };
      try {
        const response = await withErrorSerialization(() =>
          host.invoke(fn.name, {
            inputData: [{ name: fn.triggerBindingName, data: { json: JSON.stringify(payload) } }],
          }),
        );
        result = JSON.parse(resultText(response.returnValue)) as EntityBatchResult;
        if (!result || !Array.isArray(result.results))
          throw new Error('The entity function returned no batch result.');
      } catch (error) {
        result = undefined;
        batchError = describeError(error);
      }
    }
    if (this.s.closed()) return;
    const now = this.s.now();

    if (result) {
      if (result.entityExists && result.entityState !== undefined)
        tx.putEntity(id, { name: self.name, key: self.key, state: result.entityState, lastModified: now });
      else if (record) tx.putEntity(id, undefined);
    }
    operations.forEach(({ body }, i) => {
      const outcome = result?.results[i];
      const failure =
        batchError ?? (outcome?.isError ? entityFailure(outcome.result, body.operation, id) : undefined);
      if (body.signal || !body.parent) {
        if (failure)
          host.log(
            'warn',
            `durable: signal "${body.operation}" to entity "${id}" failed: ${failure.errorMessage}`,
          );
        return;
      }
      const response = failure
        ? { result: JSON.stringify(failure.errorMessage), exceptionType: failure.errorType }
        : outcome?.result !== undefined
          ? { result: outcome.result }
          : {};
      const e = event(EventType.EventRaised, now, { Name: body.requestId, Input: JSON.stringify(response) });
      tx.send(body.parent.instanceId, { type: 'event', executionId: body.parent.executionId, event: e }, now);
    });
    for (const signal of result?.signals ?? []) {
      const input = signal.input ? (JSON.parse(signal.input) as unknown) : undefined;
      tx.send(
        schedulerId(signal.target.name, signal.target.key),
        { type: 'operation', requestId: randomUUID(), operation: signal.name, input, signal: true },
        now,
      );
    }
    store.commit(tx);
  }
}
