import type { Document } from '../../../shared/store/port';
import {
  accountsContainer,
  docs,
  docsContainer,
  expectStoreError,
  unique,
  type ContractContext,
} from './support';

export function crudContract(ctx: ContractContext): void {
  describe('create / read / replace / upsert / delete', () => {
    it('creates a document with system properties and reads it back', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      const created = await c.create({
        id,
        pk: 'p1',
        name: 'bread',
        lines: [{ qty: 2 }],
        nested: { a: null },
      });
      expect(created).toMatchObject({
        id,
        pk: 'p1',
        name: 'bread',
        lines: [{ qty: 2 }],
        nested: { a: null },
      });
      expect(created._etag).toEqual(expect.any(String));
      expect(created._etag.length).toBeGreaterThan(0);
      expect(Number.isInteger(created._ts)).toBe(true);
      expect(Math.abs(created._ts - Date.now() / 1000)).toBeLessThan(600);
      const read = await c.read(id, 'p1');
      expect(read).toMatchObject({ id, pk: 'p1', name: 'bread', _etag: created._etag, _ts: created._ts });
    });

    it('answers undefined for a missing id or the wrong partition', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      await c.create({ id, pk: 'p1' });
      expect(await c.read(unique('missing'), 'p1')).toBeUndefined();
      expect(await c.read(id, 'p2')).toBeUndefined();
    });

    it('hands out copies: mutating a returned document changes nothing stored', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      const input = { id, pk: 'p1', list: [1], inner: { n: 1 } };
      const created = await c.create(input);
      input.inner.n = 99;
      (created.list as number[]).push(2);
      const read = (await c.read(id, 'p1'))!;
      (read.inner as { n: number }).n = 42;
      expect(await c.read(id, 'p1')).toMatchObject({ list: [1], inner: { n: 1 } });
    });

    it('rejects a second create of the same id in a partition with 409, allows it in another', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      await c.create({ id, pk: 'p1', v: 1 });
      await expectStoreError(c.create({ id, pk: 'p1', v: 2 }), 'conflict', { statusCode: 409 });
      expect((await c.read(id, 'p1'))?.v).toBe(1);
      await expect(c.create({ id, pk: 'p2', v: 3 })).resolves.toMatchObject({ id, pk: 'p2' });
    });

    it('rejects replace and delete of a missing document with 404', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      await expectStoreError(c.replace({ id, pk: 'p1' }), 'not-found', { statusCode: 404 });
      await expectStoreError(c.delete(id, 'p1'), 'not-found', { statusCode: 404 });
      expect(await c.read(id, 'p1')).toBeUndefined();
    });

    it('gives a new ETag on every write', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      const etags = [(await c.create({ id, pk: 'p1', v: 1 }))._etag];
      etags.push((await c.replace({ id, pk: 'p1', v: 2 }))._etag);
      etags.push((await c.upsert({ id, pk: 'p1', v: 3 }))._etag);
      etags.push((await c.replace({ id, pk: 'p1', v: 3 }))._etag); // same content, still a new version
      expect(new Set(etags).size).toBe(4);
      expect((await c.read(id, 'p1'))?._etag).toBe(etags[3]);
    });

    it('replaces and deletes only when ifMatch names the current ETag (else 412)', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      const v1 = await c.create({ id, pk: 'p1', balance: 10 });
      const v2 = await c.replace({ ...v1, balance: 20 }, { ifMatch: v1._etag });
      expect(v2.balance).toBe(20);
      await expectStoreError(
        c.replace({ ...v1, balance: 30 }, { ifMatch: v1._etag }),
        'precondition-failed',
        { statusCode: 412 },
      );
      await expectStoreError(c.upsert({ ...v1, balance: 30 }, { ifMatch: v1._etag }), 'precondition-failed', {
        statusCode: 412,
      });
      await expectStoreError(c.delete(id, 'p1', { ifMatch: v1._etag }), 'precondition-failed', {
        statusCode: 412,
      });
      expect((await c.read(id, 'p1'))?.balance).toBe(20);
      const v3 = await c.upsert({ ...v2, balance: 25 }, { ifMatch: v2._etag });
      await c.delete(id, 'p1', { ifMatch: v3._etag });
      expect(await c.read(id, 'p1')).toBeUndefined();
    });

    it('upserts: creates when missing (even with ifMatch, as Cosmos does), replaces when present', async () => {
      const c = await docs(ctx);
      const id = unique('crud');
      const created = await c.upsert({ id, pk: 'p1', v: 1 });
      const replaced = await c.upsert({ id, pk: 'p1', v: 2 });
      expect(replaced._etag).not.toBe(created._etag);
      expect(await c.read(id, 'p1')).toMatchObject({ v: 2 });
      const other = unique('crud');
      await expect(
        c.upsert({ id: other, pk: 'p1', v: 1 }, { ifMatch: created._etag }),
      ).resolves.toMatchObject({ id: other });
    });

    it('rejects a document without a partition key value', async () => {
      const c = await docs(ctx);
      await expectStoreError(c.create({ id: unique('crud') } as never), 'bad-request', { statusCode: 400 });
    });

    it('keeps numeric and string partition keys apart', async () => {
      const c = await ctx.store().container<Document & { accountNo: number }>(accountsContainer);
      const id = unique('acct');
      await c.create({ id, accountNo: 42, balance: 5 });
      expect(await c.read(id, 42)).toMatchObject({ id, accountNo: 42 });
      expect(await c.read(id, '42')).toBeUndefined();
    });

    it('refuses to open an existing container with another partition key path', async () => {
      await ctx.store().container(docsContainer);
      await expectStoreError(
        ctx.store().container({ name: docsContainer.name, partitionKeyPath: '/other' }),
        'bad-request',
      );
    });
  });
}
