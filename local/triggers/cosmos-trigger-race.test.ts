import type { HostApi, RegisteredFunction } from '../host/host-api';
import { Journal } from '../persistence/journal';
import type { Document } from '../../shared/store/port';
import { EmbeddedDocumentStore } from '../store/embedded-store';
import { cosmosTriggerExtension } from './cosmos-trigger';

/**
 * A write that lands after the pump's last empty read but before its run has ended used to leave the
 * pump "kicked" and not running: the change was not delivered until some later write, and the
 * runtime never became idle (npm run bench:bank stalled on 100 sign-ups). The write is placed at
 * every microtask depth after that read, so one of them falls in the gap whatever the engine's
 * await bookkeeping.
 */
describe('Cosmos DB change-feed pump, a change arriving as a run ends', () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function scenario(depth: number): Promise<{ delivered: string[]; idle: boolean }> {
    const journal = Journal.open();
    const store = new EmbeddedDocumentStore({ journal });
    const docs = await store.container<Document>({ name: 'docs', partitionKeyPath: '/pk' });
    await docs.upsert({ id: 'first', pk: 'p' });

    const delivered: string[] = [];
    let emptyReads = 0;
    const realFind = store.findContainer.bind(store);
    // Only the first empty read schedules the late write, `depth` microtasks after it resolves.
    store.findContainer = ((name: string) => {
      const container = realFind(name);
      if (!container) return container;
      return new Proxy(container, {
        get(target, key, receiver) {
          if (key !== 'readChangeFeed') return Reflect.get(target, key, receiver) as unknown;
          return async (options: Parameters<typeof target.readChangeFeed>[0]) => {
            const page = await target.readChangeFeed(options);
            if (page.items.length === 0 && emptyReads++ === 0 && delivered.length > 0) {
              let hop: Promise<void> = Promise.resolve();
              for (let i = 0; i < depth; i++) hop = hop.then(() => undefined);
              void hop.then(() => docs.upsert({ id: 'late', pk: 'p' }));
            }
            return page;
          };
        },
      });
    }) as typeof store.findContainer;

    const fn: RegisteredFunction = {
      name: 'feed',
      bindings: {},
      triggerBindingName: 'documents',
      trigger: { type: 'cosmosDBTrigger', direction: 'in', containerName: 'docs', startFromBeginning: true },
    } as unknown as RegisteredFunction;
    const host = {
      functions: [fn],
      journal,
      settings: {},
      clock: { now: () => 0 },
      log: () => undefined,
      invoke: async (_name: string, request: { inputData: Array<{ data: { json: string } }> }) => {
        for (const doc of JSON.parse(request.inputData[0].data.json) as Document[]) delivered.push(doc.id);
        return {};
      },
    } as unknown as HostApi;

    const extension = cosmosTriggerExtension({ store });
    await extension.start(host);
    for (let i = 0; i < 50; i++) await nextTurn();
    const idle = extension.isIdle?.() ?? true;
    await extension.stop();
    await store.close();
    journal.close();
    return { delivered, idle };
  }

  it.each(Array.from({ length: 12 }, (_, depth) => depth))(
    'delivers the late change and ends idle (write %i microtasks after the empty read)',
    async (depth) => {
      const { delivered, idle } = await scenario(depth);
      expect(delivered).toEqual(['first', 'late']);
      expect(idle).toBe(true);
    },
  );
});
