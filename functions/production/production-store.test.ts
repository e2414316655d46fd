/**
 * Races on the production container, on the local runtime's embedded store (Cosmos semantics:
 * ETags, 409/412, atomic batches). In-process requests never interleave between a read and its
 * write, so a competing writer is made to land exactly there, as it can in Cosmos DB.
 */
import { InvocationContext, type Timer } from '@azure/functions';
import { Journal } from '../../local/persistence/journal';
import { EmbeddedDocumentStore } from '../../local/store/embedded-store';
import { parseBakeryConfig } from '../../shared/config';
import { isBakeryError } from '../../shared/errors';
import { createBakeryEvent } from '../../shared/events';
import type { Container, ContainerDefinition, Document, DocumentStore } from '../../shared/store/port';
import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { bakeTick } from './bake-tick.timer';
import { bakeBatch } from './batch';
import { PRODUCTION_CONTAINER, ProductionStore } from './production-store';
import { changeRecipe } from './recipe';

const OPENING = Date.parse('2026-12-01T07:00:00+11:00');
const config = parseBakeryConfig({
  timeZone: 'Australia/Sydney',
  currency: 'AUD',
  opensAt: '07:00',
  closesAt: '17:00',
  products: [
    {
      id: 'bread',
      name: 'Bread',
      price: 800,
      bakeEveryMinutes: 30,
      batchSize: 5,
      shelfLifeMinutes: null,
      closingDiscountPercent: 50,
    },
  ],
});
const [bread] = config.products;
const calendar = new BakeryCalendar({
  timeZone: config.timeZone,
  opensAt: config.opensAt,
  closesAt: config.closesAt,
});
const clock = { now: () => OPENING };

let store: DocumentStore;
beforeEach(() => {
  store = new EmbeddedDocumentStore({ journal: Journal.open(), clock });
});

/** The store, except that right after each of the next `times` recipe reads, `competitor` writes. */
function withCompetitor(competitor: () => Promise<void>, times = 1): DocumentStore {
  let left = times;
  return {
    close: () => store.close(),
    container: async <T extends Document>(definition: ContainerDefinition) => {
      const real = await store.container<T>(definition);
      const wrapped: Container<T> = {
        definition: real.definition,
        read: async (id, pk) => {
          const doc = await real.read(id, pk);
          if (id === 'recipe' && doc && left-- > 0) await competitor();
          return doc;
        },
        create: (doc) => real.create(doc),
        upsert: (doc, options) => real.upsert(doc, options),
        replace: (doc, options) => real.replace(doc, options),
        delete: (id, pk, options) => real.delete(id, pk, options),
        query: (query) => real.query(query),
        batch: (operations, pk) => real.batch(operations, pk),
        readChangeFeed: (options) => real.readChangeFeed(options),
      };
      return wrapped;
    },
  };
}

async function bakeAt(production: ProductionStore, slot: number) {
  const versioned = await production.recipe(bread);
  const batch = bakeBatch(versioned.recipe, slot, calendar);
  const event = createBakeryEvent('bakery.batch.baked.v1', batch, { clock, id: `${batch.batchId}:baked` });
  return { versioned, batch, event, outcome: () => production.recordBatch(versioned, batch, event) };
}

async function documents(kind: string) {
  const container = await store.container(PRODUCTION_CONTAINER);
  return container.query({ where: [{ field: 'kind', op: '=', value: kind }] });
}

describe('ProductionStore.updateRecipe', () => {
  it('starts over when a bake lands between its read and its write, keeping both', async () => {
    const plain = await ProductionStore.open(store);
    await plain.recipe(bread);
    const racing = await ProductionStore.open(
      withCompetitor(async () => void (await (await bakeAt(plain, OPENING)).outcome())),
    );
    const saved = await racing.updateRecipe(bread, (recipe) =>
      changeRecipe(recipe, { batchSize: 8 }, OPENING, 'staff-1'),
    );
    expect(saved.recipe).toMatchObject({
      batchSize: 8,
      lastBakedAt: OPENING,
      lastBatchId: 'bread-2026-12-01T07:00',
    });
    expect((await plain.recipe(bread)).recipe).toEqual(saved.recipe);
  });

  it('keeps both of two staff changes that race', async () => {
    const plain = await ProductionStore.open(store);
    await plain.recipe(bread);
    const other = async () =>
      void (await plain.updateRecipe(bread, (recipe) =>
        changeRecipe(recipe, { shelfLifeMinutes: 60 }, OPENING, 'staff-2'),
      ));
    const racing = await ProductionStore.open(withCompetitor(other));
    await racing.updateRecipe(bread, (recipe) =>
      changeRecipe(recipe, { bakeEveryMinutes: 20 }, OPENING, 'staff-1'),
    );
    expect((await plain.recipe(bread)).recipe).toMatchObject({
      bakeEveryMinutes: 20,
      shelfLifeMinutes: 60,
      changedBy: 'staff-1',
    });
  });

  it('gives up with 409 when it loses every race', async () => {
    const plain = await ProductionStore.open(store);
    await plain.recipe(bread);
    let n = 0;
    const racing = await ProductionStore.open(
      withCompetitor(
        async () => void (await plain.updateRecipe(bread, (r) => ({ ...r, batchSize: ++n }))),
        Infinity,
      ),
    );
    const failure = await racing
      .updateRecipe(bread, (recipe) => changeRecipe(recipe, { batchSize: 99 }, OPENING, 'staff-1'))
      .catch((e: unknown) => e);
    expect(isBakeryError(failure) && [failure.status, failure.code]).toEqual([
      409,
      'BAKERY_CONCURRENT_UPDATE',
    ]);
    expect((await plain.recipe(bread)).recipe.batchSize).not.toBe(99);
  });
});

describe('ProductionStore.recordBatch', () => {
  it('bakes a slot once: the second attempt finds it in the bake log', async () => {
    const production = await ProductionStore.open(store);
    expect(await (await bakeAt(production, OPENING)).outcome()).toBe('baked');
    const again = await bakeAt(production, OPENING);
    expect(await again.outcome()).toBe('already-baked');
    expect(await documents('bake')).toHaveLength(1);
    expect(await documents('outbox')).toHaveLength(1);
  });

  it('writes nothing when the recipe changed since it was read', async () => {
    const production = await ProductionStore.open(store);
    const attempt = await bakeAt(production, OPENING);
    await production.updateRecipe(bread, (recipe) =>
      changeRecipe(recipe, { batchSize: 2 }, OPENING, 'staff-1'),
    );
    expect(await attempt.outcome()).toBe('stale');
    expect(await documents('bake')).toEqual([]);
    expect(await documents('outbox')).toEqual([]);
    expect((await production.recipe(bread)).recipe.lastBakedAt).toBeNull();
  });
});

describe('a bake tick that loses the race to a recipe change', () => {
  it('bakes the slot once, with the recipe that won', async () => {
    const plain = await ProductionStore.open(store);
    await plain.recipe(bread);
    const change = async () =>
      void (await plain.updateRecipe(bread, (recipe) =>
        changeRecipe(recipe, { batchSize: 3 }, OPENING, 'staff-1'),
      ));
    const racing = await ProductionStore.open(withCompetitor(change));
    const tick = bakeTick({ production: async () => racing, clock, calendar, products: config.products });
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: '', next: '', lastUpdated: '' },
    };
    await tick(timer, new InvocationContext({ logHandler: () => undefined }));
    const outbox = await documents('outbox');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      topic: 'production',
      event: { type: 'bakery.batch.baked.v1', data: { batchId: 'bread-2026-12-01T07:00' } },
    });
    expect((outbox[0].event as { data: { items: unknown[] } }).data.items).toHaveLength(3);
  });
});

describe('ProductionStore.recordSkips and a bake with skips', () => {
  const HALF_HOUR = 30 * 60_000;
  const run = (from: number, to: number) => ({
    day: '2026-12-01',
    from,
    to,
    slots: (to - from) / HALF_HOUR + 1,
    firstBatchId: `bread-${calendar.localTime(from)}`,
  });

  it('writes off a run once: a second writer from the same read finds it stale and writes nothing', async () => {
    const production = await ProductionStore.open(store);
    const read = await production.recipe(bread);
    const morning = run(OPENING, OPENING + 3 * HALF_HOUR);
    expect(await production.recordSkips(read, [morning], OPENING + 4 * HALF_HOUR)).toBe('skipped');
    expect(await production.recordSkips(read, [morning], OPENING + 4 * HALF_HOUR)).toBe('stale');
    expect(await documents('skip')).toEqual([
      expect.objectContaining({
        id: 'skip:bread-2026-12-01T07:00',
        day: '2026-12-01',
        from: '2026-11-30T20:00:00.000Z',
        to: '2026-11-30T21:30:00.000Z',
        batches: 4,
        items: 20,
      }),
    ]);
    expect((await production.recipe(bread)).recipe).toMatchObject({
      skippedThrough: OPENING + 3 * HALF_HOUR,
      lastBakedAt: null,
    });
  });

  it('records the skips with the batch, or neither when the recipe changed in between', async () => {
    const production = await ProductionStore.open(store);
    const attempt = await bakeAt(production, OPENING + 2 * HALF_HOUR);
    const skipped = [run(OPENING, OPENING + HALF_HOUR)];
    await production.updateRecipe(bread, (recipe) =>
      changeRecipe(recipe, { batchSize: 2 }, OPENING, 'staff-1'),
    );
    expect(await production.recordBatch(attempt.versioned, attempt.batch, attempt.event, skipped)).toBe(
      'stale',
    );
    expect(await documents('skip')).toEqual([]);
    expect(await documents('bake')).toEqual([]);

    const fresh = await bakeAt(production, OPENING + 2 * HALF_HOUR);
    expect(await production.recordBatch(fresh.versioned, fresh.batch, fresh.event, skipped)).toBe('baked');
    expect(await documents('skip')).toEqual([expect.objectContaining({ batches: 2, items: 4 })]);
    expect((await production.recipe(bread)).recipe).toMatchObject({
      lastBakedAt: OPENING + 2 * HALF_HOUR,
      skippedThrough: OPENING + HALF_HOUR,
    });
    const day = await production.day(bread, {
      date: '2026-12-01',
      opening: OPENING,
      closing: calendar.closing('2026-12-01'),
    });
    expect(day).toEqual({
      productId: 'bread',
      batches: 1,
      items: 2,
      skippedBatches: 2,
      skippedItems: 4,
      skipped: [{ from: '2026-11-30T20:00:00.000Z', to: '2026-11-30T20:30:00.000Z', batches: 2, items: 4 }],
    });
  });
});
