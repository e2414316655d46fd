import type { Runtime } from './runtime';
import { diffCounters, type CounterSnapshot } from './metrics';
import { http, startFixture, START } from '../test/support/runtime-harness';
import { run, startDurable } from '../test/fixtures/durable/harness';

const MINUTE = 60_000;

/** runtime.counters(): each counter moves when, and only when, the thing it counts happens. */
describe('the runtime counters', () => {
  let runtime: Runtime;
  afterEach(() => runtime.stop());

  /** What changed while `act` ran and the runtime settled. */
  async function during(act: () => Promise<unknown>): Promise<CounterSnapshot> {
    await runtime.idle();
    const before = runtime.counters();
    await act();
    await runtime.idle();
    return diffCounters(runtime.counters(), before);
  }

  describe('on the trigger fixture app', () => {
    beforeEach(async () => {
      runtime = await startFixture();
    });

    it('counts an HTTP execution, its write, and the change feed it wakes', async () => {
      const d = await during(() => http(runtime.baseUrl, 'POST', '/api/docs', { id: 'd-1', pk: 'p' }));
      expect(d.functions.byFunction.writeDoc).toMatchObject({
        trigger: 'httpTrigger',
        executions: 1,
        failed: 0,
      });
      expect(d.functions.byFunction.docsFeed).toMatchObject({ trigger: 'cosmosDBTrigger', executions: 1 });
      expect(d.functions.byTrigger).toEqual({ httpTrigger: 1, cosmosDBTrigger: 1 });
      expect(d.functions.executions).toBe(2);
      expect(d.functions.byFunction.writeDoc.ms).toBeGreaterThan(0);
      // The upsert on docs; the feed handler's record() creates one document in seen.
      expect(d.store.byContainer.docs).toMatchObject({ writes: 1, pointReads: 0, queries: 0 });
      expect(d.store.byContainer.docs.changeFeedReads).toBeGreaterThanOrEqual(1);
      expect(d.store.byContainer.seen).toMatchObject({ writes: 1 });
      expect(d.bus).toEqual({ sent: 0, delivered: 0, byTopic: {} });
    });

    it('counts a query, and a failed execution as failed', async () => {
      const d = await during(async () => {
        await http(runtime.baseUrl, 'GET', '/api/seen/anything');
        await http(runtime.baseUrl, 'GET', '/api/boom');
      });
      expect(d.store.byContainer.seen).toMatchObject({ queries: 1, writes: 0 });
      expect(d.functions.byFunction.boom).toMatchObject({ executions: 1, failed: 1 });
      expect(d.functions.failed).toBe(1);
    });

    it('counts messages sent, and each delivery (filters, retries) as delivered', async () => {
      const d = await during(() =>
        http(runtime.baseUrl, 'POST', '/api/publish/orders', [
          { messageId: 'm-1', subject: 'order.placed', body: { n: 1 } },
          { messageId: 'm-2', subject: 'order.other', body: { n: 2, fail: 1 } },
        ]),
      );
      // audit takes both (m-2 fails once and comes back), billing only order.placed: 2 + 1 + 1.
      expect(d.bus.byTopic.orders).toEqual({ sent: 2, delivered: 4 });
      expect(d.bus).toMatchObject({ sent: 2, delivered: 4 });
      expect(d.functions.byFunction.ordersAudit).toMatchObject({ executions: 3, failed: 1 });
      expect(d.functions.byFunction.ordersBilling).toMatchObject({ executions: 1, failed: 0 });
      expect(d.functions.byTrigger.serviceBusTrigger).toBe(4);
    });

    it('counts a duplicate send as sent (the client paid for it) but delivers it once', async () => {
      const message = { messageId: 'dup-1', subject: 'order.placed', body: { n: 3 } };
      const d = await during(async () => {
        await runtime.bus.send('orders', message);
        await runtime.bus.send('orders', message);
      });
      expect(d.bus.byTopic.orders).toEqual({ sent: 2, delivered: 2 });
    });

    it('counts timer executions, and point reads and batches on the store', async () => {
      const d = await during(async () => {
        await runtime.clock.advanceTo(START + 5 * MINUTE);
        const c = await runtime.store.container({ name: 'counted', partitionKeyPath: '/pk' });
        await c.read('missing', 'p');
        await c.batch(
          [
            { operationType: 'Create', resourceBody: { id: 'a', pk: 'p' } },
            { operationType: 'Create', resourceBody: { id: 'b', pk: 'p' } },
            { operationType: 'Read', id: 'a' },
          ],
          'p',
        );
        await c.read('a', 'p');
      });
      expect(d.functions.byFunction.everyFiveMinutes).toMatchObject({
        trigger: 'timerTrigger',
        executions: 1,
      });
      expect(d.store.byContainer.counted).toEqual({
        pointReads: 2,
        queries: 0,
        writes: 0,
        batches: 1,
        batchOperations: 3,
        changeFeedReads: 0,
      });
    });

    it('are served on the loopback admin API, and a snapshot is a copy', async () => {
      await http(runtime.baseUrl, 'POST', '/api/docs', { id: 'd-2', pk: 'p' });
      await runtime.idle();
      const snapshot = runtime.counters();
      snapshot.functions.byFunction.writeDoc.executions = 99;
      const served = await http(runtime.baseUrl, 'GET', '/admin/counters');
      expect(served.status).toBe(200);
      expect(served.json).toEqual(runtime.counters());
      expect(served.json.functions.byFunction.writeDoc.executions).toBe(1);
    });
  });

  describe('on the durable fixture app', () => {
    beforeEach(async () => {
      runtime = await startDurable({ freshModules: () => jest.resetModules() });
    });

    it('counts orchestration episodes and activity executions by trigger kind', async () => {
      const d = await during(() => run(runtime, 'echoAll', ['a', 'b']));
      expect(d.functions.byFunction.echo).toMatchObject({ trigger: 'activityTrigger', executions: 2 });
      // Started, then woken by each activity result: three episodes.
      expect(d.functions.byFunction.echoAll).toMatchObject({
        trigger: 'orchestrationTrigger',
        executions: 3,
      });
      expect(d.functions.byTrigger.httpTrigger).toBe(2); // start and status
    });
  });
});
