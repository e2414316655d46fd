import { docs, feedEnd, ids, readFeed, sortedIds, unique, type ContractContext } from './support';

export function changeFeedContract(ctx: ContractContext): void {
  describe('change feed', () => {
    it('lists changes in commit order, each document once in its latest version, without deletes', async () => {
      const c = await docs(ctx);
      const start = await feedEnd(c);
      const pk = unique('feed');
      const [a, b, d, x] = ['a', 'b', 'd', 'x'].map((n) => `${pk}-${n}`);
      await c.create({ id: a, pk, v: 1 });
      await c.create({ id: b, pk, v: 1 });
      await c.create({ id: x, pk, v: 1 });
      await c.replace({ id: a, pk, v: 2 });
      await c.create({ id: d, pk, v: 1 });
      await c.replace({ id: a, pk, v: 3 });
      await c.delete(x, pk);
      const { items } = await readFeed(c, start);
      expect(ids(items)).toEqual([b, d, a]);
      expect(items.find((i) => i.id === a)).toMatchObject({ v: 3, _etag: (await c.read(a, pk))?._etag });
    });

    it('resumes after a continuation with only what changed since', async () => {
      const c = await docs(ctx);
      const pk = unique('feed');
      const start = await feedEnd(c);
      await c.create({ id: `${pk}-1`, pk });
      const first = await readFeed(c, start);
      expect(ids(first.items)).toEqual([`${pk}-1`]);
      const again = await c.readChangeFeed({ continuation: first.continuation });
      expect(again.items).toEqual([]);
      await c.create({ id: `${pk}-2`, pk });
      await c.replace({ id: `${pk}-1`, pk, v: 2 });
      const second = await readFeed(c, again.continuation);
      expect(ids(second.items)).toEqual([`${pk}-2`, `${pk}-1`]);
    });

    it('pages by maxItemCount and loses nothing across pages', async () => {
      const c = await docs(ctx);
      const pk = unique('feed');
      const start = await feedEnd(c);
      const written = Array.from({ length: 5 }, (_, i) => `${pk}-${i}`);
      for (const id of written) await c.create({ id, pk });
      const { pages, items } = await readFeed(c, start, 2);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
      expect(ids(items)).toEqual(written);
    });

    it('includes the writes of a batch and changes of every partition', async () => {
      const c = await docs(ctx);
      const start = await feedEnd(c);
      const [p1, p2] = [unique('feed'), unique('feed')];
      await c.batch(
        [
          { operationType: 'Create', resourceBody: { id: `${p1}-a`, pk: p1 } },
          { operationType: 'Create', resourceBody: { id: `${p1}-b`, pk: p1 } },
        ],
        p1,
      );
      await c.create({ id: `${p2}-a`, pk: p2 });
      const { items } = await readFeed(c, start);
      expect(sortedIds(items)).toEqual([`${p1}-a`, `${p1}-b`, `${p2}-a`].sort());
    });

    it('does not show the writes of a failed batch', async () => {
      const c = await docs(ctx);
      const pk = unique('feed');
      await c.create({ id: `${pk}-taken`, pk });
      const start = await feedEnd(c);
      await expect(
        c.batch(
          [
            { operationType: 'Create', resourceBody: { id: `${pk}-new`, pk } },
            { operationType: 'Create', resourceBody: { id: `${pk}-taken`, pk } },
          ],
          pk,
        ),
      ).rejects.toThrow();
      expect((await readFeed(c, start)).items).toEqual([]);
    });

    it('reads from the beginning without a continuation', async () => {
      const c = await docs(ctx);
      const pk = unique('feed');
      await c.create({ id: `${pk}-1`, pk });
      const all = await readFeed(c, undefined, 1000);
      expect(ids(all.items)).toContain(`${pk}-1`);
    });
  });
}
