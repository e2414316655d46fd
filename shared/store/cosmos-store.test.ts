import { ChangeFeedStartFrom, ErrorResponse, type CosmosClient } from '@azure/cosmos';
import { CosmosDocumentStore } from './cosmos-store';
import { StoreError, type BatchOperation, type Container, type Document } from './port';

/** The @azure/cosmos objects the adapter touches, as jest mocks (the SDK boundary, nothing of ours). */
function fakeCosmos(existingPartitionKeyPath?: string) {
  const item = { read: jest.fn(), replace: jest.fn(), delete: jest.fn() };
  const iterator = { readNext: jest.fn() };
  const items = {
    create: jest.fn(),
    upsert: jest.fn(),
    query: jest.fn(),
    batch: jest.fn(),
    getChangeFeedIterator: jest.fn(() => iterator),
  };
  const azureContainer = { items, item: jest.fn(() => item) };
  const containers = {
    createIfNotExists: jest.fn(async (body: { id: string; partitionKey: { paths: string[] } }) => ({
      container: azureContainer,
      resource: {
        id: body.id,
        partitionKey: { paths: [existingPartitionKeyPath ?? body.partitionKey.paths[0]] },
      },
    })),
  };
  const databases = { createIfNotExists: jest.fn(async () => ({ database: { containers } })) };
  const client = { databases, dispose: jest.fn() };
  return {
    client: client as unknown as CosmosClient,
    raw: client,
    databases,
    containers,
    items,
    item,
    iterator,
    azureContainer,
  };
}

function cosmosError(code: number, message = `status ${code}`): ErrorResponse {
  const error = new ErrorResponse(message);
  error.code = code;
  return error;
}

const definition = { name: 'bank', partitionKeyPath: '/accountId' };
type Account = Document & { accountId: string; balance?: number };

async function open(
  fake = fakeCosmos(),
): Promise<{ fake: ReturnType<typeof fakeCosmos>; bank: Container<Account> }> {
  const store = new CosmosDocumentStore({ client: fake.client, databaseId: 'bakery' });
  return { fake, bank: await store.container<Account>(definition) };
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}

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

  describe('transactional batch', () => {
    it('sends the operations with the partition key and maps the results', async () => {
      const { fake, bank } = await open();
      fake.items.batch.mockResolvedValue({
        code: 200,
        result: [
          { statusCode: 201, requestCharge: 1, eTag: '"e1"', resourceBody: { id: 'c1', accountId: 'a1' } },
          { statusCode: 204, requestCharge: 1 },
        ],
      });
      const results = await bank.batch(
        [
          { operationType: 'Create', resourceBody: { id: 'c1', accountId: 'a1' } },
          { operationType: 'Delete', id: 'old', ifMatch: '"d"' },
        ],
        'a1',
      );
      expect(results).toEqual([
        { statusCode: 201, etag: '"e1"', resourceBody: { id: 'c1', accountId: 'a1' } },
        { statusCode: 204 },
      ]);
      expect(fake.items.batch).toHaveBeenCalledWith(
        [
          { operationType: 'Create', resourceBody: { id: 'c1', accountId: 'a1' } },
          { operationType: 'Delete', id: 'old', ifMatch: '"d"' },
        ],
        'a1',
        { disableAutomaticIdGeneration: true },
      );
    });

    it('turns a 207 Multi-Status answer into batch-failed naming the failing operation', async () => {
      const { fake, bank } = await open();
      fake.items.batch.mockResolvedValue({
        code: 207,
        result: [
          { statusCode: 424, requestCharge: 0 },
          { statusCode: 412, requestCharge: 1 },
          { statusCode: 424, requestCharge: 0 },
        ],
      });
      const error = await rejection(
        bank.batch(
          [
            { operationType: 'Upsert', resourceBody: { id: 'x', accountId: 'a1' } },
            {
              operationType: 'Replace',
              id: 'a1',
              resourceBody: { id: 'a1', accountId: 'a1' },
              ifMatch: '"old"',
            },
            { operationType: 'Read', id: 'y' },
          ],
          'a1',
        ),
      );
      expect({
        code: error.code,
        statusCode: error.statusCode,
        operationIndex: error.operationIndex,
      }).toEqual({ code: 'batch-failed', statusCode: 412, operationIndex: 1 });
    });

    it('checks size and partition before calling Cosmos', async () => {
      const { fake, bank } = await open();
      expect(await bank.batch([], 'a1')).toEqual([]);
      const tooMany = Array.from({ length: 101 }, (_, i) => ({
        operationType: 'Read' as const,
        id: `r${i}`,
      }));
      expect(await rejection(bank.batch(tooMany, 'a1'))).toMatchObject({ code: 'bad-request' });
      const elsewhere = await rejection(
        bank.batch(
          [
            { operationType: 'Read', id: 'a1' },
            { operationType: 'Create', resourceBody: { id: 'c', accountId: 'a2' } },
          ],
          'a1',
        ),
      );
      expect(elsewhere).toMatchObject({ code: 'batch-failed', statusCode: 400, operationIndex: 1 });
      expect(fake.items.batch).not.toHaveBeenCalled();
    });

    // What @azure/cosmos 4.9's Items.batch throws when the batch request fails as a whole: it wraps
    // the service's ErrorResponse in `new Error("Batch request error: " + err.message)` (no code,
    // no headers, no cause). The messages are the service's, as RequestHandler passes them on.
    const sdkWrapped = (message: string) => new Error(`Batch request error: ${message}`);
    const sdkErrorResponse = (code: number, message: string, headers: Record<string, string> = {}) =>
      Object.assign(new Error(message), { code, headers, body: { code, message } });
    const two: BatchOperation[] = [
      { operationType: 'Create', resourceBody: { id: 'c1', accountId: 'a1' } },
      { operationType: 'Create', resourceBody: { id: 'c2', accountId: 'a1' } },
    ];

    it.each([
      [
        'a wrapped 429',
        sdkWrapped('Message: {"Errors":["Request rate is large. More Request Units may be needed"]}'),
        { code: 'throttled', statusCode: 429, retryable: true },
      ],
      [
        'a wrapped 413',
        sdkWrapped('Message: {"Errors":["Request size is too large"]}'),
        { code: 'too-large', statusCode: 413, retryable: false },
      ],
      [
        'a wrapped 403',
        sdkWrapped('Request blocked by Auth: the principal does not have required RBAC permissions'),
        { code: 'forbidden', statusCode: 403, retryable: false },
      ],
      ['an ErrorResponse 429', sdkErrorResponse(429, 'throttled'), { code: 'throttled', statusCode: 429 }],
      ['an ErrorResponse 413', sdkErrorResponse(413, 'big'), { code: 'too-large', statusCode: 413 }],
      ['an ErrorResponse 403', sdkErrorResponse(403, 'no'), { code: 'forbidden', statusCode: 403 }],
    ])('classifies %s refusing the whole batch', async (_what, thrown, expected) => {
      const { fake, bank } = await open();
      fake.items.batch.mockRejectedValue(thrown);
      const error = await rejection(bank.batch(two, 'a1'));
      expect(error).toMatchObject(expected);
      expect(error.operationIndex).toBeUndefined();
      expect(error.cause).toBe(thrown);
    });

    it('names the operation count when the batch is too large (a bug in our batch size)', async () => {
      const { fake, bank } = await open();
      fake.items.batch.mockRejectedValue(sdkWrapped('Request size is too large'));
      expect((await rejection(bank.batch(two, 'a1'))).message).toMatch(/batch of 2 operations as too large/);
    });

    it('carries the retry-after delay of a throttled batch when the SDK kept it', async () => {
      const { fake, bank } = await open();
      fake.items.batch.mockRejectedValueOnce(
        Object.assign(sdkErrorResponse(429, 'throttled'), { retryAfterInMs: 250 }),
      );
      expect(await rejection(bank.batch(two, 'a1'))).toMatchObject({ code: 'throttled', retryAfterMs: 250 });
      fake.items.batch.mockRejectedValueOnce(
        sdkErrorResponse(429, 'throttled', { 'x-ms-retry-after-ms': '40' }),
      );
      expect(await rejection(bank.batch(two, 'a1'))).toMatchObject({ code: 'throttled', retryAfterMs: 40 });
      // The wrapped error has lost the header: throttled, with no delay to report.
      fake.items.batch.mockRejectedValueOnce(sdkWrapped('Request rate is large'));
      const wrapped = await rejection(bank.batch(two, 'a1'));
      expect(wrapped.retryAfterMs).toBeUndefined();
      expect(fake.items.batch).toHaveBeenCalledTimes(3);
    });

    it('still maps a wrapped error it cannot classify like any other Cosmos error', async () => {
      const { fake, bank } = await open();
      const unknown = sdkWrapped('socket hang up');
      fake.items.batch.mockRejectedValue(unknown);
      await expect(bank.batch(two, 'a1')).rejects.toBe(unknown);
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
