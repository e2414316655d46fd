import { createBakeryEvent } from '../../shared/events/catalog';
import { inboxOperation } from '../../shared/messaging/inbox';
import { outboxOperation } from '../../shared/messaging/outbox';
import type { BatchOperation, Container, Stored } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import { decide, type Decision, type PosInput } from './decisions';
import type { PosDependencies } from './deps';
import { MAX_ATTEMPTS, PARTITION_FIELD, PAYMENT_ID, isLostRace, type PaymentDocument } from './pos-container';
import type { Payment } from './payment';

export async function readPayment(container: Container, orderId: string): Promise<Payment | undefined> {
  const doc = (await container.read(PAYMENT_ID, orderId)) as Stored<PaymentDocument> | undefined;
  return doc && toPayment(doc);
}

export type Applied =
  | { kind: 'recorded'; decision: Extract<Decision, { kind: 'record' }> }
  | { kind: 'duplicate' }
  | Extract<Decision, { kind: 'ignore' }>;

/**
 * Applies one event to an order's payment: reads it, decides (decisions.ts), and writes the inbox
 * record of the event, the new payment (Create or Replace under If-Match) and the events it causes
 * in one batch of the order's partition. A lost race reads and decides again; an event already in
 * the inbox changes nothing.
 */
export async function applyToPayment(
  deps: Pick<PosDependencies, 'container' | 'clock'>,
  eventId: string,
  orderId: string,
  input: () => Promise<PosInput> | PosInput,
): Promise<Applied> {
  const container = await deps.container();
  const command = await input();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = (await container.read(PAYMENT_ID, orderId)) as Stored<PaymentDocument> | undefined;
    const decision = decide(stored && toPayment(stored), command);
    if (decision.kind === 'ignore') return decision;
    const doc = { ...decision.payment, id: PAYMENT_ID, kind: 'payment' } as PaymentDocument;
    const operations: BatchOperation[] = [
      inboxOperation(eventId, PARTITION_FIELD, orderId),
      stored
        ? { operationType: 'Replace', id: PAYMENT_ID, resourceBody: doc, ifMatch: stored._etag }
        : { operationType: 'Create', resourceBody: doc },
      ...decision.publish.map((out) =>
        outboxOperation(
          createBakeryEvent(out.type, out.data, {
            clock: deps.clock,
            id: `pos:${orderId}:${out.step}`,
            correlationId: orderId,
          }),
          PARTITION_FIELD,
          orderId,
        ),
      ),
    ];
    try {
      await container.batch(operations, orderId);
      return { kind: 'recorded', decision };
    } catch (error) {
      if (isStoreError(error, 'batch-failed') && error.operationIndex === 0 && error.statusCode === 409)
        return { kind: 'duplicate' };
      if (!isLostRace(error)) throw error;
    }
  }
  throw new Error(`the payment of order ${orderId} kept changing; Service Bus will redeliver`);
}

function toPayment(doc: Stored<PaymentDocument>): Payment {
  const { id: _id, kind: _kind, _etag, _ts, ...payment } = doc;
  return payment;
}
