import { randomUUID } from 'node:crypto';
import { Journal } from '../../local/persistence/journal';
import { EmbeddedDocumentStore } from '../../local/store/embedded-store';
import type { Clock } from '../../shared/clock';
import type { Container } from '../../shared/store/port';
import type { SalesDependencies } from './deps';
import { placeOrder, recordFact, recordStep } from './order-store';
import { SALES_CONTAINER } from './sales-container';

/**
 * Races the HTTP and Service Bus edges cannot provoke on demand: many writers reading the same
 * documents before any of them writes (all started in one tick), on the embedded store, which keeps
 * Cosmos DB's ETag and batch semantics (see test/contracts/document-store).
 */
const NOW = Date.parse('2026-12-01T01:00:00Z');
const clock: Clock = { now: () => NOW };
const lines = [{ productId: 'bread', quantity: 2 }];

let store: EmbeddedDocumentStore;
let container: Container;
let deps: SalesDependencies;
beforeEach(async () => {
  store = new EmbeddedDocumentStore({ journal: Journal.open(), clock });
  container = await store.container(SALES_CONTAINER);
  deps = {
    container: () => Promise.resolve(container),
    clock,
    limits: { maxOpenOrders: 3, maxQuantityPerProduct: 20, maxLines: 20 },
    seedProducts: [{ id: 'bread', name: 'Sourdough loaf' }],
    newId: randomUUID,
  };
});
afterEach(() => store.close());

const kinds = async (customerId: string, kind: string) =>
  container.query({ partitionKey: customerId, where: [{ field: 'kind', op: '=', value: kind }] });

describe('concurrent orders of one customer', () => {
  it.each([0, 1, 2])('never pass the open-order limit (%i already open)', async (before) => {
    for (let i = 0; i < before; i++) await placeOrder(deps, { customerId: 'c1', lines });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => placeOrder(deps, { customerId: 'c1', lines })),
    );
    expect(outcomes.filter((o) => o.kind === 'placed')).toHaveLength(3 - before);
    expect(outcomes.filter((o) => o.kind === 'too-many-open')).toHaveLength(7 + before);
    expect(await kinds('c1', 'order')).toHaveLength(3);
  });

  it('one Idempotency-Key sent many times at once makes one order, every answer the same', async () => {
    const key = { key: 'k', fingerprint: 'f' };
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => placeOrder(deps, { customerId: 'c2', lines, idempotencyKey: key })),
    );
    const ids = outcomes.map((o) => ('order' in o ? o.order.orderId : o.kind));
    expect(new Set(ids).size).toBe(1);
    expect(outcomes.filter((o) => o.kind === 'placed')).toHaveLength(1);
    expect(await kinds('c2', 'order')).toHaveLength(1);
  });

  it('finishing orders at once gives each place back exactly once', async () => {
    const placed = await Promise.all([1, 2, 3].map(() => placeOrder(deps, { customerId: 'c3', lines })));
    const ids = placed.map((o) => (o.kind === 'placed' ? o.order.orderId : ''));
    await Promise.all(
      ids.map((orderId) => recordStep(deps, { customerId: 'c3', orderId, step: { kind: 'announce' } })),
    );
    await Promise.all(
      [...ids, ...ids].map((orderId) =>
        recordStep(deps, { customerId: 'c3', orderId, step: { kind: 'reject', reason: 'out-of-stock' } }),
      ),
    );
    const [open] = await kinds('c3', 'open-orders');
    expect(open.orderIds).toEqual([]);
    // Each step published once although each ran twice.
    expect((await kinds('c3', 'outbox')).map((d) => (d.event as { id: string }).id).sort()).toEqual(
      ids.flatMap((id) => [`${id}:placed`, `${id}:rejected`]).sort(),
    );
  });

  it('a late payment racing the cancellation asks for one refund', async () => {
    const outcome = await placeOrder(deps, { customerId: 'c4', lines });
    if (outcome.kind !== 'placed') throw new Error(outcome.kind);
    const orderId = outcome.order.orderId;
    const payment = {
      chargeId: `order:${orderId}`,
      amount: { amount: 1600, currency: 'AUD' },
      paidAt: new Date(NOW).toISOString(),
    };
    await Promise.all([
      recordStep(deps, {
        customerId: 'c4',
        orderId,
        step: { kind: 'cancel', reason: 'reservation-timeout', compensations: ['release-reservation'] },
      }),
      recordFact(deps, {
        customerId: 'c4',
        orderId,
        eventId: 'e1',
        fact: { kind: 'payment-succeeded', payment },
      }),
      recordFact(deps, {
        customerId: 'c4',
        orderId,
        eventId: 'e2',
        fact: { kind: 'payment-succeeded', payment },
      }),
    ]);
    const refunds = (await kinds('c4', 'outbox')).filter(
      (d) => (d.event as { type: string }).type === 'bakery.refund.requested.v1',
    );
    expect(refunds).toHaveLength(1);
  });
});
