import { ChangeFeedStartFrom } from '@azure/cosmos';
import { CosmosDocumentStore } from './cosmos-store';
import { fakeCosmos, cosmosError, definition, type Account, open, rejection } from './cosmos-test-kit';

describe('CosmosDocumentStore', () => {
  it('creates the database once and each container with its partition key path and indexing policy', async () => {
    const fake = fakeCosmos();
    const indexingPolicy = {
      compositeIndexes: [
        [
          { path: '/a', order: 'ascending' as const },
          { path: '/b', order: 'descending' as const },
        ],
      ],
    };
    const store = new CosmosDocumentStore({
      client: fake.client,
      databaseId: 'bakery',
      indexingPolicies: { bank: indexingPolicy },
    });
    await store.container(definition);
    await store.container(definition);
    await store.container({ name: 'pos', partitionKeyPath: '/orderId' });
    expect(fake.databases.createIfNotExists).toHaveBeenCalledTimes(1);
    expect(fake.databases.createIfNotExists).toHaveBeenCalledWith({ id: 'bakery' });
    expect(fake.containers.createIfNotExists.mock.calls).toEqual([
      [{ id: 'bank', partitionKey: { paths: ['/accountId'] }, indexingPolicy }],
      [{ id: 'pos', partitionKey: { paths: ['/orderId'] } }],
    ]);
  });

  it('refuses a container that exists with another partition key path', async () => {
    const store = new CosmosDocumentStore({ client: fakeCosmos('/customerId').client, databaseId: 'bakery' });
    const error = await rejection(store.container(definition));
    expect(error.code).toBe('bad-request');
    expect(error.message).toContain('/customerId');
  });

  it('needs a key or a credential when it builds the client, and disposes only its own client', async () => {
    expect(
      () => new CosmosDocumentStore({ endpoint: 'https://x.documents.azure.com', databaseId: 'd' }),
    ).toThrow('credential');
    const fake = fakeCosmos();
    await new CosmosDocumentStore({ client: fake.client, databaseId: 'd' }).close();
    expect(fake.raw.dispose).not.toHaveBeenCalled();
  });

  describe('documents', () => {
    it('reads a document, and answers undefined for the 404 the SDK returns or throws', async () => {
      const { fake, bank } = await open();
      fake.item.read.mockResolvedValueOnce({
        resource: { id: 'a1', accountId: 'a1', _etag: '"e"', _ts: 1 },
        statusCode: 200,
      });
      expect(await bank.read('a1', 'a1')).toMatchObject({ id: 'a1', _etag: '"e"' });
      expect(fake.azureContainer.item).toHaveBeenCalledWith('a1', 'a1');
      fake.item.read.mockResolvedValueOnce({ resource: undefined, statusCode: 404 });
      expect(await bank.read('a2', 'a1')).toBeUndefined();
      fake.item.read.mockRejectedValueOnce(cosmosError(404));
      expect(await bank.read('a3', 'a1')).toBeUndefined();
    });

    it('maps 409, 412 and 404 to StoreErrors with the status and the SDK error as cause', async () => {
      const { fake, bank } = await open();
      const conflict = cosmosError(409, 'Entity with the specified id already exists');
      fake.items.create.mockRejectedValueOnce(conflict);
      const created = await rejection(bank.create({ id: 'a1', accountId: 'a1' }));
      expect({ code: created.code, statusCode: created.statusCode, cause: created.cause }).toEqual({
        code: 'conflict',
        statusCode: 409,
        cause: conflict,
      });
      fake.item.replace.mockRejectedValueOnce(cosmosError(412));
      expect(
        await rejection(bank.replace({ id: 'a1', accountId: 'a1' }, { ifMatch: '"old"' })),
      ).toMatchObject({ code: 'precondition-failed', statusCode: 412 });
      fake.item.delete.mockRejectedValueOnce(cosmosError(404));
      expect(await rejection(bank.delete('a1', 'a1'))).toMatchObject({ code: 'not-found', statusCode: 404 });
    });

    it('passes other failures (throttling, outages) through untouched so callers can retry', async () => {
      const { fake, bank } = await open();
      const throttled = cosmosError(429);
      fake.items.upsert.mockRejectedValueOnce(throttled);
      await expect(bank.upsert({ id: 'a1', accountId: 'a1' })).rejects.toBe(throttled);
      const outage = cosmosError(503);
      fake.item.read.mockRejectedValueOnce(outage);
      await expect(bank.read('a1', 'a1')).rejects.toBe(outage);
    });

    it('sends ifMatch as an IfMatch access condition and never lets the SDK invent ids', async () => {
      const { fake, bank } = await open();
      const stored = { id: 'a1', accountId: 'a1', _etag: '"new"', _ts: 1 };
      fake.items.create.mockResolvedValue({ resource: stored });
      fake.items.upsert.mockResolvedValue({ resource: stored });
      fake.item.replace.mockResolvedValue({ resource: stored });
      fake.item.delete.mockResolvedValue({});
      const doc = { id: 'a1', accountId: 'a1', balance: 5 };
      expect(await bank.create(doc)).toEqual(stored);
      await bank.upsert(doc, { ifMatch: '"u"' });
      await bank.replace(doc, { ifMatch: '"r"' });
      await bank.delete('a1', 'a1', { ifMatch: '"d"' });
      const condition = (c: string) => ({
        disableAutomaticIdGeneration: true,
        accessCondition: { type: 'IfMatch', condition: c },
      });
      expect(fake.items.create).toHaveBeenCalledWith(doc, { disableAutomaticIdGeneration: true });
      expect(fake.items.upsert).toHaveBeenCalledWith(doc, condition('"u"'));
      expect(fake.azureContainer.item).toHaveBeenCalledWith('a1', 'a1');
      expect(fake.item.replace).toHaveBeenCalledWith(doc, condition('"r"'));
      expect(fake.item.delete).toHaveBeenCalledWith(condition('"d"'));
    });

    it('rejects a document without a partition key value before calling Cosmos', async () => {
      const { fake, bank } = await open();
      expect(await rejection(bank.create({ id: 'a1' } as Account))).toMatchObject({ code: 'bad-request' });
      expect(fake.items.create).not.toHaveBeenCalled();
    });
  });

  describe('queries', () => {
    it('sends compiled SQL with parameters, scoped to a partition when asked', async () => {
      const { fake, bank } = await open();
      const fetchAll = jest.fn().mockResolvedValue({ resources: [{ id: 'a1' }] });
      fake.items.query.mockReturnValue({ fetchAll });
      const result = await bank.query({
        where: [{ field: 'balance', op: '>', value: 0 }],
        orderBy: [{ field: 'balance', direction: 'DESC' }],
        limit: 3,
        partitionKey: 'a1',
      });
      expect(result).toEqual([{ id: 'a1' }]);
      expect(fake.items.query).toHaveBeenCalledWith(
        {
          query: 'SELECT * FROM c WHERE c["balance"] > @p0 ORDER BY c["balance"] DESC OFFSET 0 LIMIT @limit',
          parameters: [
            { name: '@p0', value: 0 },
            { name: '@limit', value: 3 },
          ],
        },
        { partitionKey: 'a1' },
      );
      await bank.query({});
      expect(fake.items.query).toHaveBeenLastCalledWith({ query: 'SELECT * FROM c', parameters: [] }, {});
    });
  });

  describe('change feed', () => {
    it('starts from the beginning, then resumes from the continuation it handed out', async () => {
      const { fake, bank } = await open();
      fake.iterator.readNext
        .mockResolvedValueOnce({ result: [{ id: 'a1' }], continuationToken: 'token-1', statusCode: 200 })
        .mockResolvedValueOnce({ result: [], continuationToken: 'token-2', statusCode: 304 });
      const first = await bank.readChangeFeed({ maxItemCount: 10 });
      expect(first).toEqual({ items: [{ id: 'a1' }], continuation: 'token-1' });
      const second = await bank.readChangeFeed({ continuation: first.continuation });
      expect(second).toEqual({ items: [], continuation: 'token-2' });
      expect(fake.items.getChangeFeedIterator.mock.calls).toStrictEqual([
        [{ changeFeedStartFrom: ChangeFeedStartFrom.Beginning(), maxItemCount: 10 }],
        [{ changeFeedStartFrom: ChangeFeedStartFrom.Continuation('token-1'), maxItemCount: 100 }],
      ]);
      const [[{ changeFeedStartFrom }]] = fake.items.getChangeFeedIterator.mock.calls.slice(
        1,
      ) as unknown as Array<[{ changeFeedStartFrom: { getCfResource(): unknown } }]>;
      expect(changeFeedStartFrom.getCfResource()).toBe('token-1');
    });
  });
});
