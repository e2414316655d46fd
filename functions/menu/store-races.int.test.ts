import { Journal } from '../../local/persistence/journal';
import { EmbeddedDocumentStore } from '../../local/store/embedded-store';
import type { Clock } from '../../shared/clock';
import { parseBakeryConfig } from '../../shared/config';
import type { Container } from '../../shared/store/port';
import { saveItemEdit } from './catalog-store';
import { MENU_CONTAINER } from './menu-container';
import { recordStockLevel } from './stock-store';

/**
 * Races the HTTP and Service Bus edges cannot provoke on demand: many writers reading the same
 * document before any of them writes (all started in one tick), on the embedded store, which keeps
 * Cosmos DB's ETag and batch semantics (see test/contracts/document-store).
 */
const NOW = Date.parse('2026-12-01T01:00:00Z');
const clock: Clock = { now: () => NOW };
const bakery = parseBakeryConfig({
  timeZone: 'Australia/Sydney',
  currency: 'AUD',
  opensAt: '07:00',
  closesAt: '17:00',
  products: [
    {
      id: 'bread',
      name: 'Sourdough loaf',
      price: 800,
      bakeEveryMinutes: 30,
      batchSize: 5,
      shelfLifeMinutes: null,
      closingDiscountPercent: 50,
    },
  ],
});

let store: EmbeddedDocumentStore;
let container: Container;
beforeEach(async () => {
  store = new EmbeddedDocumentStore({ journal: Journal.open(), clock });
  container = await store.container(MENU_CONTAINER);
});
afterEach(() => store.close());

const outbox = async () =>
  (await container.query({ where: [{ field: 'kind', op: '=', value: 'outbox' }] })).map(
    (d) => (d.event as { data: { version: number; price: { amount: number } } }).data,
  );

describe('concurrent staff edits of one item', () => {
  it('each become their own version with exactly one outboxed event, none lost', async () => {
    const product = bakery.products[0];
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        saveItemEdit(
          container,
          {
            product,
            currency: 'AUD',
            edit: { price: { amount: 900 + i, currency: 'AUD' } },
            ifMatch: undefined,
          },
          clock,
        ),
      ),
    );
    expect(outcomes.every((o) => o.kind === 'changed')).toBe(true);
    const items = outcomes.map((o) => o.item);
    expect(items.map((i) => i.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const events = await outbox();
    expect(events.map((e) => e.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    // Each event carries the price its version was written with.
    for (const item of items)
      expect(events.find((e) => e.version === item.version)?.price.amount).toBe(item.price.amount);
  });
});

describe('concurrent stock events for one shelf', () => {
  const change = (version: number) => ({
    version,
    asOf: new Date(NOW).toISOString(),
    expiries: [{ expiresAt: '2026-12-01T06:00:00.000Z', count: version }],
  });

  it('end at the highest version, whatever order they land in', async () => {
    const versions = [5, 2, 9, 1, 7, 3, 8, 4, 6];
    const outcomes = await Promise.all(
      versions.map((v) => recordStockLevel(container, `event-${v}`, 'bread', change(v))),
    );
    expect(outcomes.filter((o) => o.kind === 'applied').length).toBeGreaterThanOrEqual(1);
    expect(await container.read('stock', 'bread')).toMatchObject({ version: 9, expiries: [{ count: 9 }] });
  });

  it('apply a duplicated event once', async () => {
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => recordStockLevel(container, 'same-event', 'bread', change(1))),
    );
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await container.query({ where: [{ field: 'kind', op: '=', value: 'inbox' }] })).toHaveLength(1);
  });
});
