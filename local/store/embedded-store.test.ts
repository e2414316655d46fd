import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { documentStoreContract } from '../../test/contracts/document-store.contract';
import { Journal } from '../persistence/journal';
import { EmbeddedDocumentStore } from './embedded-store';

documentStoreContract('embedded store, journal in a temp folder', async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-store-'));
  let journal = Journal.open({ directory });
  let store = new EmbeddedDocumentStore({ journal });
  return {
    store,
    reopen: async () => {
      await store.close();
      journal.close();
      journal = Journal.open({ directory });
      store = new EmbeddedDocumentStore({ journal });
      return store;
    },
    cleanup: async () => {
      await store.close();
      journal.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
});

documentStoreContract('embedded store, journal in memory', async () => {
  const journal = Journal.open();
  let store = new EmbeddedDocumentStore({ journal });
  return {
    store,
    // A new store over the same journal rebuilds every index from what the journal holds.
    reopen: async () => {
      await store.close();
      store = new EmbeddedDocumentStore({ journal });
      return store;
    },
    cleanup: async () => store.close(),
  };
});

describe('EmbeddedDocumentStore', () => {
  const definition = { name: 'orders', partitionKeyPath: '/customerId' };
  let journal: Journal;
  let store: EmbeddedDocumentStore;
  beforeEach(() => {
    journal = Journal.open();
    store = new EmbeddedDocumentStore({ journal });
  });
  afterEach(() => store.close());

  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('notifies a container listener once per committed write or batch, after the commit', async () => {
    const orders = await store.container(definition);
    const seen: Array<string | undefined> = [];
    store.onChange('orders', () => {
      // The listener runs after the commit: the newest state is readable.
      void orders.read('o1', 'c1').then((d) => seen.push(d?.status as string | undefined));
    });
    await orders.create({ id: 'o1', customerId: 'c1', status: 'placed' });
    await orders.batch(
      [
        { operationType: 'Replace', id: 'o1', resourceBody: { id: 'o1', customerId: 'c1', status: 'paid' } },
        { operationType: 'Create', resourceBody: { id: 'o2', customerId: 'c1' } },
      ],
      'c1',
    );
    await nextTurn();
    expect(seen).toEqual(['placed', 'paid']);
  });

  it('does not notify on reads, queries, failed writes, or for other containers', async () => {
    const orders = await store.container(definition);
    const other = await store.container({ name: 'other', partitionKeyPath: '/customerId' });
    await orders.create({ id: 'o1', customerId: 'c1' });
    let calls = 0;
    store.onChange('orders', () => calls++);
    await orders.read('o1', 'c1');
    await orders.query({});
    await orders.readChangeFeed();
    await expect(orders.create({ id: 'o1', customerId: 'c1' })).rejects.toThrow();
    await expect(orders.batch([{ operationType: 'Read', id: 'nope' }], 'c1')).rejects.toThrow();
    await other.create({ id: 'x', customerId: 'c1' });
    await nextTurn();
    expect(calls).toBe(0);
  });

  it('calls listeners in a microtask, survives a throwing listener, and unsubscribes', async () => {
    const errors: unknown[] = [];
    store = new EmbeddedDocumentStore({ journal, onListenerError: (error) => errors.push(error) });
    const orders = await store.container(definition);
    let calls = 0;
    store.onChange('orders', () => {
      throw new Error('listener broke');
    });
    const unsubscribe = store.onChange('orders', () => calls++);
    const writing = orders.create({ id: 'o1', customerId: 'c1' });
    expect(calls).toBe(0);
    await expect(writing).resolves.toMatchObject({ id: 'o1' });
    await nextTurn();
    expect(calls).toBe(1);
    expect(errors).toEqual([new Error('listener broke')]);
    unsubscribe();
    await orders.create({ id: 'o2', customerId: 'c1' });
    await nextTurn();
    expect(calls).toBe(1);
  });

  it('stamps _ts in seconds from the injected clock', async () => {
    let now = Date.UTC(2030, 0, 1, 6, 0, 0, 999);
    store = new EmbeddedDocumentStore({ journal, clock: { now: () => now } });
    const orders = await store.container(definition);
    expect((await orders.create({ id: 'o1', customerId: 'c1' }))._ts).toBe(Date.UTC(2030, 0, 1, 6) / 1000);
    now += 61_000;
    expect((await orders.upsert({ id: 'o1', customerId: 'c1' }))._ts).toBe(
      Date.UTC(2030, 0, 1, 6, 1) / 1000 + 1,
    );
  });

  it('stores what JSON would: drops undefined, serialises dates, overwrites system properties', async () => {
    const orders = await store.container(definition);
    const created = await orders.create({
      id: 'o1',
      customerId: 'c1',
      gone: undefined,
      at: new Date(0),
      _etag: 'mine',
      _lsn: -5,
    });
    expect(created).not.toHaveProperty('gone');
    expect(created.at).toBe('1970-01-01T00:00:00.000Z');
    expect(created._etag).not.toBe('mine');
    expect(created._lsn).toBeGreaterThan(0);
  });

  it('rejects ids Cosmos rejects and partition keys that are not strings or numbers', async () => {
    const orders = await store.container(definition);
    for (const id of ['', 'a/b', 'a\\b', 'a?b', 'a#b', 'x'.repeat(256)]) {
      await expect(orders.create({ id, customerId: 'c1' })).rejects.toMatchObject({ code: 'bad-request' });
    }
    await expect(orders.create({ id: 'o1', customerId: { nested: true } })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(orders.create({ id: 'o1', customerId: null })).rejects.toMatchObject({
      code: 'bad-request',
    });
  });

  it('rejects bad change feed options and bad container definitions', async () => {
    const orders = await store.container(definition);
    await expect(orders.readChangeFeed({ continuation: 'not-a-token' })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(orders.readChangeFeed({ maxItemCount: 0 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(store.container({ name: 'x', partitionKeyPath: 'customerId' })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(store.container({ name: '', partitionKeyPath: '/a' })).rejects.toMatchObject({
      code: 'bad-request',
    });
  });

  it('keeps the change feed exact while many rewrites compact its index', async () => {
    const orders = await store.container(definition);
    await orders.create({ id: 'a', customerId: 'c1', v: 0 });
    await orders.create({ id: 'b', customerId: 'c1', v: 0 });
    const middle = (await orders.readChangeFeed({ maxItemCount: 1 })).continuation;
    for (let v = 1; v <= 3000; v++) await orders.upsert({ id: v % 2 ? 'a' : 'b', customerId: 'c1', v });
    await orders.create({ id: 'c', customerId: 'c1', v: 0 });
    const fromStart = await orders.readChangeFeed();
    expect(fromStart.items.map((d) => [d.id, d.v])).toEqual([
      ['a', 2999],
      ['b', 3000],
      ['c', 0],
    ]);
    expect((await orders.readChangeFeed({ continuation: middle })).items.map((d) => d.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('finds a container by name only once it exists', async () => {
    expect(store.findContainer('orders')).toBeUndefined();
    await (await store.container(definition)).create({ id: 'o1', customerId: 'c1' });
    const again = new EmbeddedDocumentStore({ journal });
    const found = again.findContainer('orders');
    expect(found?.definition).toEqual(definition);
    expect(await found?.read('o1', 'c1')).toMatchObject({ id: 'o1' });
  });

  it('refuses every call once closed', async () => {
    const orders = await store.container(definition);
    await store.close();
    await expect(orders.read('o1', 'c1')).rejects.toThrow('closed');
    await expect(orders.create({ id: 'o1', customerId: 'c1' })).rejects.toThrow('closed');
    await expect(store.container(definition)).rejects.toThrow('closed');
  });
});
