import type { DocumentStore } from '../../../shared/store/port';
import {
  docsContainer,
  feedEnd,
  ids,
  readFeed,
  unique,
  type ContractDoc,
  type MakeStore,
  type StoreUnderTest,
} from './support';

/** Runs only for adapters that can close and reopen on the same data. */
export function persistenceContract(makeStore: MakeStore): void {
  describe('persistence across reopen', () => {
    let current: StoreUnderTest;
    let store: DocumentStore;

    beforeEach(async () => {
      current = await makeStore();
      store = current.store;
    });
    afterEach(async () => {
      await current.cleanup?.();
    });

    const reopen = async () => {
      store = await current.reopen!();
      return store.container<ContractDoc>(docsContainer);
    };

    it('keeps documents, ETags, deletes and batches', async () => {
      const c = await store.container<ContractDoc>(docsContainer);
      const pk = unique('persist');
      const kept = await c.create({ id: `${pk}-kept`, pk, v: 1, nested: { list: [1, 2] } });
      await c.create({ id: `${pk}-gone`, pk });
      await c.delete(`${pk}-gone`, pk);
      await c.batch(
        [
          { operationType: 'Create', resourceBody: { id: `${pk}-b1`, pk } },
          { operationType: 'Create', resourceBody: { id: `${pk}-b2`, pk } },
        ],
        pk,
      );
      const again = await reopen();
      expect(await again.read(kept.id, pk)).toEqual(kept);
      expect(await again.read(`${pk}-gone`, pk)).toBeUndefined();
      expect(await again.query({ partitionKey: pk, orderBy: [{ field: 'id' }] }).then(ids)).toEqual([
        `${pk}-b1`,
        `${pk}-b2`,
        kept.id,
      ]);
      const next = await again.replace({ ...kept, v: 2 }, { ifMatch: kept._etag });
      expect(next._etag).not.toBe(kept._etag);
    });

    it('resumes the change feed from a continuation taken before the reopen', async () => {
      const c = await store.container<ContractDoc>(docsContainer);
      const pk = unique('persist');
      await c.create({ id: `${pk}-old`, pk });
      const before = await feedEnd(c);
      const again = await reopen();
      await again.create({ id: `${pk}-new`, pk });
      await again.replace({ id: `${pk}-old`, pk, v: 2 });
      expect(ids((await readFeed(again, before)).items)).toEqual([`${pk}-new`, `${pk}-old`]);
    });

    it('still delivers new writes when the newest document was deleted before the reopen', async () => {
      const c = await store.container<ContractDoc>(docsContainer);
      const pk = unique('persist');
      await c.create({ id: `${pk}-a`, pk });
      await c.create({ id: `${pk}-b`, pk });
      await c.delete(`${pk}-b`, pk);
      const before = await feedEnd(c);
      const again = await reopen();
      await again.create({ id: `${pk}-c`, pk });
      expect(ids((await readFeed(again, before)).items)).toEqual([`${pk}-c`]);
    });
  });
}
