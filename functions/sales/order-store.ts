import { isoNow } from '../../shared/clock';
import { createBakeryEvent } from '../../shared/events';
import { applyOnce, inboxOperation } from '../../shared/messaging/inbox';
import { outboxOperation } from '../../shared/messaging/outbox';
import type { BatchOperation, Container, Stored } from '../../shared/store/port';
import type { SalesDependencies } from './deps';
import { isFinal, newOrder, type Order, type OrderLine } from './order';
import {
  applyFact,
  applyStep,
  stepName,
  type OrderFact,
  type OrderStep,
  type StepResult,
} from './order-steps';
import {
  IDEMPOTENCY_TTL_SECONDS,
  MAX_ATTEMPTS,
  OPEN_ORDERS_ID,
  PARTITION_FIELD,
  idempotencyDocumentId,
  isConflictAt,
  isLostRace,
  listKeyOf,
  orderDocumentId,
  stepDocumentId,
  type IdempotencyDocument,
  type OpenOrdersDocument,
  type OrderDocument,
} from './sales-container';

export interface PlaceRequest {
  customerId: string;
  lines: OrderLine[];
  idempotencyKey?: { key: string; fingerprint: string };
}

export type PlaceOutcome =
  | { kind: 'placed'; order: Order }
  | { kind: 'replayed'; order: Order }
  | { kind: 'key-reused' }
  | { kind: 'too-many-open'; maxOpenOrders: number };

/**
 * POST /api/orders' write: the order, the customer's open-order list (If-Match, or Create the
 * first time) and the Idempotency-Key's record in one batch of the customer's partition, so two
 * concurrent requests can never both take the last open-order place, nor both use one key.
 */
export async function placeOrder(deps: SalesDependencies, request: PlaceRequest): Promise<PlaceOutcome> {
  const container = await deps.container();
  const { customerId } = request;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const key = request.idempotencyKey;
    if (key) {
      const previous = (await container.read(idempotencyDocumentId(key.key), customerId)) as
        IdempotencyDocument | undefined;
      if (previous) {
        if (previous.fingerprint !== key.fingerprint) return { kind: 'key-reused' };
        const order = await readOrder(container, customerId, previous.orderId);
        if (!order) throw new Error(`idempotency key of order ${previous.orderId} without its order`);
        return { kind: 'replayed', order };
      }
    }
    const open = (await container.read(OPEN_ORDERS_ID, customerId)) as Stored<OpenOrdersDocument> | undefined;
    const openIds = open?.orderIds ?? [];
    if (openIds.length >= deps.limits.maxOpenOrders)
      return { kind: 'too-many-open', maxOpenOrders: deps.limits.maxOpenOrders };
    const order = newOrder(deps.newId(), customerId, request.lines, isoNow(deps.clock));
    const openAfter: OpenOrdersDocument = {
      id: OPEN_ORDERS_ID,
      kind: 'open-orders',
      customerId,
      orderIds: [...openIds, order.orderId],
    };
    const operations: BatchOperation[] = [
      ...(key ? [idempotencyOperation(customerId, key.key, key.fingerprint, order.orderId)] : []),
      open
        ? { operationType: 'Replace', id: OPEN_ORDERS_ID, resourceBody: openAfter, ifMatch: open._etag }
        : { operationType: 'Create', resourceBody: openAfter },
      { operationType: 'Create', resourceBody: toDocument(order) },
    ];
    try {
      await container.batch(operations, customerId);
      return { kind: 'placed', order };
    } catch (error) {
      // The same key written meanwhile (a double submit): answered from its record on the next turn.
      if (key && isConflictAt(error, 0)) continue;
      if (!isLostRace(error)) throw error;
    }
  }
  throw new Error(`the orders of ${customerId} kept changing under a new order; try again`);
}

/**
 * One saga step (sell-order's activity): the order's new state under If-Match, the step's marker
 * (a retried activity meets it and changes nothing), its events in the outbox and, when the order
 * is finished, its place in the open-order list given back, all in one batch.
 */
export async function recordStep(
  deps: Pick<SalesDependencies, 'container' | 'clock'>,
  input: { customerId: string; orderId: string; step: OrderStep },
): Promise<Order> {
  const container = await deps.container();
  const { customerId, orderId, step } = input;
  const marker = stepDocumentId(orderId, stepName(step));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = (await container.read(orderDocumentId(orderId), customerId)) as
      Stored<OrderDocument> | undefined;
    if (!stored) throw new Error(`sell-order ${orderId}: no order in the partition of ${customerId}`);
    if (await container.read(marker, customerId)) return toOrder(stored);
    const result = applyStep(toOrder(stored), step, isoNow(deps.clock));
    const operations: BatchOperation[] = [
      { operationType: 'Create', resourceBody: { id: marker, kind: 'step', customerId } },
      ...(await orderWrite(container, stored, result, deps)),
    ];
    try {
      if (await applyOnce(container, operations, customerId)) return result.order;
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
  throw new Error(`order ${orderId} kept changing under step ${stepName(step)}`);
}

/**
 * A fact about the order that arrives on its own (a payment, a refund): applied once per event
 * (its inbox record in the batch), under If-Match against the saga's own steps.
 */
export async function recordFact(
  deps: Pick<SalesDependencies, 'container' | 'clock'>,
  input: { customerId: string; orderId: string; eventId: string; fact: OrderFact },
): Promise<'applied' | 'unchanged' | 'no-order'> {
  const container = await deps.container();
  const { customerId, orderId } = input;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = (await container.read(orderDocumentId(orderId), customerId)) as
      Stored<OrderDocument> | undefined;
    if (!stored) return 'no-order';
    const result = applyFact(toOrder(stored), input.fact, isoNow(deps.clock));
    if (!result) return 'unchanged';
    const operations: BatchOperation[] = [
      inboxOperation(input.eventId, PARTITION_FIELD, customerId),
      ...(await orderWrite(container, stored, result, deps)),
    ];
    try {
      return (await applyOnce(container, operations, customerId)) ? 'applied' : 'unchanged';
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
  throw new Error(`order ${orderId} kept changing under event ${input.eventId}`);
}

/** The order's replacement, its events in the outbox and (once finished) the open-order list's update. */
async function orderWrite(
  container: Container,
  stored: Stored<OrderDocument>,
  result: StepResult,
  deps: Pick<SalesDependencies, 'clock'>,
): Promise<BatchOperation[]> {
  const { customerId, orderId } = result.order;
  const operations: BatchOperation[] = [
    {
      operationType: 'Replace',
      id: stored.id,
      resourceBody: toDocument(result.order),
      ifMatch: stored._etag,
    },
    ...result.events.map((planned) =>
      outboxOperation(
        createBakeryEvent(planned.type, planned.data as never, {
          clock: deps.clock,
          id: planned.id,
          correlationId: orderId,
        }),
        PARTITION_FIELD,
        customerId,
      ),
    ),
  ];
  if (isFinal(result.order) && !isFinal(stored)) {
    const open = (await container.read(OPEN_ORDERS_ID, customerId)) as Stored<OpenOrdersDocument> | undefined;
    if (open?.orderIds.includes(orderId)) {
      const after: OpenOrdersDocument = { ...open, orderIds: open.orderIds.filter((id) => id !== orderId) };
      operations.push({
        operationType: 'Replace',
        id: OPEN_ORDERS_ID,
        resourceBody: after,
        ifMatch: open._etag,
      });
    }
  }
  return operations;
}

export async function readOrder(
  container: Container,
  customerId: string,
  orderId: string,
): Promise<Order | undefined> {
  const doc = (await container.read(orderDocumentId(orderId), customerId)) as
    Stored<OrderDocument> | undefined;
  return doc && toOrder(doc);
}

/** The customer's orders, newest first: a page of at most `limit`, before the list key `before`. */
export async function listOrders(
  container: Container,
  customerId: string,
  page: { limit: number; before?: string },
): Promise<{ orders: Order[]; nextBefore?: string }> {
  const docs = await container.query<OrderDocument>({
    partitionKey: customerId,
    where: [
      { field: 'kind', op: '=', value: 'order' },
      ...(page.before === undefined ? [] : [{ field: 'listKey', op: '<' as const, value: page.before }]),
    ],
    orderBy: [{ field: 'listKey', direction: 'DESC' }],
    limit: page.limit + 1,
  });
  const orders = docs.slice(0, page.limit);
  return {
    orders: orders.map(toOrder),
    ...(docs.length > page.limit ? { nextBefore: orders[orders.length - 1].listKey } : {}),
  };
}

function idempotencyOperation(
  customerId: string,
  key: string,
  fingerprint: string,
  orderId: string,
): BatchOperation {
  const doc: IdempotencyDocument = {
    id: idempotencyDocumentId(key),
    kind: 'idempotency',
    customerId,
    fingerprint,
    orderId,
    ttl: IDEMPOTENCY_TTL_SECONDS,
  };
  return { operationType: 'Create', resourceBody: doc };
}

function toDocument(order: Order): OrderDocument {
  return { ...order, id: orderDocumentId(order.orderId), kind: 'order', listKey: listKeyOf(order) };
}

function toOrder(doc: OrderDocument): Order {
  const { id: _id, kind: _kind, listKey: _listKey, _etag, _ts, ...order } = doc as Stored<OrderDocument>;
  return order;
}
