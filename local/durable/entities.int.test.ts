import type { Runtime } from '../runtime';
import { hold, shared } from '../../test/fixtures/durable/globals';
import { call, run, start, startDurable, status } from '../../test/fixtures/durable/harness';

jest.setTimeout(30_000);

/** Durable entities: one operation at a time per entity, in order, batched; state, results and errors. */
describe('durable entities on the local runtime', () => {
  let runtime: Runtime;
  let unique = 0;
  const id = (label: string) => `${label}-${Date.now().toString(36)}-${unique++}`;
  const readEntity = async (name: string, key: string) =>
    (await call(runtime.baseUrl, 'GET', `/api/durable/entities/${name}/${key}`)).json;
  const signal = (name: string, key: string, op: string, input?: unknown) =>
    call(runtime.baseUrl, 'POST', `/api/durable/entities/${name}/${key}/${op}`, input);

  beforeEach(async () => {
    runtime = await startDurable({ freshModules: () => jest.resetModules() });
  });
  afterEach(async () => runtime.stop());

  it('returns operation results to the calling orchestration and keeps the state', async () => {
    const key = id('c');
    const ops = [{ op: 'add', input: 5 }, { op: 'add', input: 7 }, { op: 'get' }];
    const result = await run(runtime, 'callEntities', { name: 'counter', key, ops });
    expect(result.json).toMatchObject({ runtimeStatus: 'Completed', output: [{}, {}, { ok: 12 }] });
    expect(await readEntity('counter', key)).toEqual({ entityExists: true, entityState: 12 });
  });

  it("gives the caller the thrown error's message, for an unknown operation and for a business error", async () => {
    const key = id('shelf');
    await signal('shelf', key, 'stock', { quantity: 1 });
    const ops = [
      { op: 'bake' },
      { op: 'reserve', input: { orderId: 'o1', quantity: 2 } },
      { op: 'reserve', input: { orderId: 'o1', quantity: 1 } },
    ];
    const result = await run(runtime, 'callEntities', { name: 'shelf', key, ops });
    expect(result.json.output).toEqual([
      { error: 'shelf: unknown operation "bake"' },
      { error: 'out of stock: 1 left, 2 wanted' },
      { ok: 0 },
    ]);
  });

  it('fails a call to an entity that is not registered, without stopping the orchestration', async () => {
    const result = await run(runtime, 'callEntities', { name: 'oven', key: 'k', ops: [{ op: 'heat' }] });
    expect(result.json.output).toEqual([
      { error: "The function 'oven' doesn't exist, is disabled, or is not an entity function." },
    ]);
  });

  it('applies signals from an orchestration in the order they were sent', async () => {
    const key = id('list');
    const ops = Array.from({ length: 20 }, (_, i) => ({ op: 'append', input: i }));
    expect((await run(runtime, 'signalEntities', { name: 'list', key, ops })).json.output).toBe(20);
    expect((await readEntity('list', key)).entityState).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('takes signals from clients and from other entities', async () => {
    const key = id('fwd');
    expect((await signal('counter', key, 'add', 2)).status).toBe(202);
    expect(
      (await signal('forwarder', key, 'forward', { name: 'counter', key, op: 'add', input: 40 })).status,
    ).toBe(202);
    await runtime.idle();
    expect(await readEntity('counter', key)).toEqual({ entityExists: true, entityState: 42 });
    expect(await readEntity('forwarder', key)).toEqual({ entityExists: true, entityState: 1 });
  });

  it('deletes an entity that calls destructOnExit', async () => {
    const key = id('gone');
    await signal('counter', key, 'add', 1);
    await runtime.idle();
    expect((await readEntity('counter', key)).entityExists).toBe(true);
    await signal('counter', key, 'delete');
    await runtime.idle();
    expect(await readEntity('counter', key)).toEqual({ entityExists: false });
    expect(
      (await call(runtime.baseUrl, 'GET', `/runtime/webhooks/durabletask/entities/counter/${key}`)).status,
    ).toBe(404);
  });

  it('never over-commits under 200 concurrent reservations, and batches the queued operations', async () => {
    const key = id('busy');
    await signal('shelf', key, 'stock', { quantity: 150 });
    await runtime.idle();
    // The first reservation holds the shelf busy while the other 199 queue up behind it.
    const release = hold(`${key}-first`);
    const first = (
      await start(runtime, 'reserveOne', { shelf: key, orderId: 'order-0', hold: `${key}-first` })
    ).json.id as string;
    const rest = await Promise.all(
      Array.from(
        { length: 199 },
        async (_, i) =>
          (await start(runtime, 'reserveOne', { shelf: key, orderId: `order-${i + 1}` })).json.id as string,
      ),
    );
    const queued = async () =>
      (await call(runtime.baseUrl, 'GET', '/admin/durable/entities?name=shelf')).json.find(
        (e: { key: string }) => e.key === key,
      )?.queuedOperations;
    for (let i = 0; i < 500 && (await queued()) !== 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await queued()).toBe(200);
    release();
    await runtime.idle();
    const ids = [first, ...rest];
    const outputs = await Promise.all(
      ids.map(async (i) => (await status(runtime, i)).json.output as { left?: number; error?: string }),
    );
    const reserved = outputs.filter((o) => o.left !== undefined);
    expect(reserved).toHaveLength(150);
    expect(outputs.filter((o) => o.error === 'out of stock: 0 left, 1 wanted')).toHaveLength(50);
    // Each successful reservation saw a distinct remaining count: the operations ran one at a time.
    expect(new Set(reserved.map((o) => o.left)).size).toBe(150);
    const shelf = (await readEntity('shelf', key)).entityState;
    expect(shelf.available).toBe(0);
    expect(Object.keys(shelf.reservations)).toHaveLength(150);
    const reserveOps = shared().effects.filter(
      (e) => e.kind === 'shelf-op' && e.key === key && e.step === 'reserve',
    );
    expect(reserveOps).toHaveLength(200);
    expect(new Set(reserveOps.map((e) => e.invocationId)).size).toBeLessThan(200);
  });

  it('lists entities and their state in the admin view', async () => {
    const key = id('adm');
    await signal('counter', key, 'add', 3);
    await runtime.idle();
    const list = (await call(runtime.baseUrl, 'GET', '/admin/durable/entities?name=counter')).json as Array<{
      id: string;
      state: unknown;
    }>;
    expect(list).toContainEqual(
      expect.objectContaining({ id: `@counter@${key}`, name: 'counter', key, state: 3, queuedOperations: 0 }),
    );
  });
});
