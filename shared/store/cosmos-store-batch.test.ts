import type { BatchOperation } from './port';
import { open, rejection } from './cosmos-test-kit';

describe('CosmosDocumentStore', () => {
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
});
