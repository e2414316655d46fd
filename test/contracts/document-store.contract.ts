import { batchContract } from './document-store/batch.contract';
import { changeFeedContract } from './document-store/change-feed.contract';
import { crudContract } from './document-store/crud.contract';
import { persistenceContract } from './document-store/persistence.contract';
import { queryContract } from './document-store/query.contract';
import type { MakeStore, StoreUnderTest } from './document-store/support';

export { contractIndexingPolicies, type MakeStore, type StoreUnderTest } from './document-store/support';

/**
 * The one behaviour every DocumentStore adapter must show (shared/store/port.ts): CRUD with
 * 409/404/412 and fresh ETags, transactional batch (atomic, ifMatch-aware), structured queries and
 * the latest-version change feed; persistence across a reopen (makeStore must provide `reopen`).
 *
 * Usage, from an adapter's test file: `documentStoreContract('embedded (in memory)', async () => ({ store, cleanup, reopen }))`.
 * `makeStore` runs once for the shared suite and once per persistence test; every test uses unique
 * ids, so a store shared by several runs (a real Cosmos account) is fine.
 */
export function documentStoreContract(name: string, makeStore: MakeStore): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let underTest: StoreUnderTest | undefined;
    const ctx = {
      store: () => {
        if (!underTest) throw new Error('the store under test did not open (see beforeAll)');
        return underTest.store;
      },
      makeStore,
    };
    beforeAll(async () => {
      underTest = await makeStore();
    });
    afterAll(async () => {
      await underTest?.cleanup?.();
    });

    crudContract(ctx);
    batchContract(ctx);
    queryContract(ctx);
    changeFeedContract(ctx);
    persistenceContract(requireReopen(makeStore));
  });
}

/**
 * jest fixes the test list before any store exists, so the persistence tests always run and need
 * `reopen`. For a remote store a reopen is simply a new client on the same database.
 */
function requireReopen(makeStore: MakeStore): MakeStore {
  return async () => {
    const made = await makeStore();
    if (!made.reopen) {
      await made.cleanup?.();
      throw new Error(
        'makeStore() must return { reopen } (close the store, open a new one on the same data) for the persistence tests',
      );
    }
    return made;
  };
}
