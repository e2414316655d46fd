import type { BatchOperation } from '../../../shared/store/port';
import { docs, expectStoreError, unique, type ContractContext } from './support';

export function batchContract(ctx: ContractContext): void {
  describe('transactional batch', () => {
    it('applies create, upsert, replace, read and delete together and reports each status', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const [kept, gone] = [unique('kept'), unique('gone')];
      const keptV1 = await c.create({ id: kept, pk, v: 1 });
      await c.create({ id: gone, pk });
      const fresh = unique('fresh');
      const upserted = unique('upserted');
      const results = await c.batch(
        [
          { operationType: 'Create', resourceBody: { id: fresh, pk, v: 1 } },
          { operationType: 'Upsert', resourceBody: { id: upserted, pk, v: 1 } },
          { operationType: 'Replace', id: kept, resourceBody: { id: kept, pk, v: 2 }, ifMatch: keptV1._etag },
          { operationType: 'Read', id: kept },
          { operationType: 'Delete', id: gone },
        ],
        pk,
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 200, 200, 204]);
      expect(results[0].resourceBody).toMatchObject({ id: fresh, v: 1 });
      expect(results[2].etag).toEqual(expect.any(String));
      expect(results[2].etag).not.toBe(keptV1._etag);
      expect(results[3].resourceBody).toMatchObject({ id: kept, v: 2 });
      expect(await c.read(fresh, pk)).toMatchObject({ v: 1 });
      expect(await c.read(upserted, pk)).toMatchObject({ v: 1 });
      expect(await c.read(kept, pk)).toMatchObject({ v: 2, _etag: results[2].etag });
      expect(await c.read(gone, pk)).toBeUndefined();
    });

    it('lets a later operation see an earlier one of the same batch', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const id = unique('doc');
      const results = await c.batch(
        [
          { operationType: 'Create', resourceBody: { id, pk, v: 1 } },
          { operationType: 'Replace', id, resourceBody: { id, pk, v: 2 } },
        ],
        pk,
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 200]);
      expect(await c.read(id, pk)).toMatchObject({ v: 2 });
    });

    it('applies nothing when a later operation conflicts (409 at its index)', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const existing = unique('existing');
      await c.create({ id: existing, pk, v: 1 });
      const first = unique('first');
      await expectStoreError(
        c.batch(
          [
            { operationType: 'Create', resourceBody: { id: first, pk } },
            { operationType: 'Upsert', resourceBody: { id: existing, pk, v: 2 } },
            { operationType: 'Create', resourceBody: { id: existing, pk, v: 3 } },
          ],
          pk,
        ),
        'batch-failed',
        { statusCode: 409, operationIndex: 2 },
      );
      expect(await c.read(first, pk)).toBeUndefined();
      expect(await c.read(existing, pk)).toMatchObject({ v: 1 });
    });

    it('fails with 412 at the operation whose ifMatch is stale, applying nothing', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const [a, b] = [unique('a'), unique('b')];
      const a1 = await c.create({ id: a, pk, v: 1 });
      const b1 = await c.create({ id: b, pk, v: 1 });
      const b2 = await c.replace({ ...b1, v: 2 });
      await expectStoreError(
        c.batch(
          [
            { operationType: 'Replace', id: a, resourceBody: { id: a, pk, v: 9 }, ifMatch: a1._etag },
            { operationType: 'Replace', id: b, resourceBody: { id: b, pk, v: 9 }, ifMatch: b1._etag },
          ],
          pk,
        ),
        'batch-failed',
        { statusCode: 412, operationIndex: 1 },
      );
      expect(await c.read(a, pk)).toMatchObject({ v: 1, _etag: a1._etag });
      const ok = await c.batch(
        [
          { operationType: 'Replace', id: a, resourceBody: { id: a, pk, v: 3 }, ifMatch: a1._etag },
          { operationType: 'Delete', id: b, ifMatch: b2._etag },
        ],
        pk,
      );
      expect(ok.map((r) => r.statusCode)).toEqual([200, 204]);
      expect(await c.read(b, pk)).toBeUndefined();
    });

    it('fails a delete with a stale ifMatch with 412', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const id = unique('doc');
      const v1 = await c.create({ id, pk });
      await c.replace({ ...v1, v: 2 });
      await expectStoreError(
        c.batch([{ operationType: 'Delete', id, ifMatch: v1._etag }], pk),
        'batch-failed',
        { statusCode: 412, operationIndex: 0 },
      );
      expect(await c.read(id, pk)).toMatchObject({ v: 2 });
    });

    it('fails with 404 on a replace, delete or read of a missing document', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const made = unique('made');
      const missing = unique('missing');
      const cases: BatchOperation[] = [
        { operationType: 'Replace', id: missing, resourceBody: { id: missing, pk } },
        { operationType: 'Delete', id: missing },
        { operationType: 'Read', id: missing },
      ];
      for (const op of cases) {
        await expectStoreError(
          c.batch([{ operationType: 'Create', resourceBody: { id: made, pk } }, op], pk),
          'batch-failed',
          {
            statusCode: 404,
            operationIndex: 1,
          },
        );
      }
      expect(await c.read(made, pk)).toBeUndefined();
    });

    it('fails with 400 when a document belongs to another partition', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      const id = unique('doc');
      await expectStoreError(
        c.batch(
          [
            { operationType: 'Create', resourceBody: { id, pk } },
            { operationType: 'Create', resourceBody: { id: unique('doc'), pk: `${pk}-other` } },
          ],
          pk,
        ),
        'batch-failed',
        { statusCode: 400, operationIndex: 1 },
      );
      expect(await c.read(id, pk)).toBeUndefined();
    });

    it('accepts an empty batch and refuses more than 100 operations', async () => {
      const c = await docs(ctx);
      const pk = unique('batch');
      expect(await c.batch([], pk)).toEqual([]);
      const tooMany: BatchOperation[] = Array.from({ length: 101 }, (_, i) => ({
        operationType: 'Create',
        resourceBody: { id: `d${i}`, pk },
      }));
      await expectStoreError(c.batch(tooMany, pk), 'bad-request');
      expect(await c.read('d0', pk)).toBeUndefined();
    });
  });
}
