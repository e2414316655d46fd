import { MINUTE, OPENING, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import {
  collectBatches,
  PRODUCTION_ONLY,
  slotOf,
  topologyWithoutDuplicateDetection,
  type BatchCollector,
} from './production-test-kit';
import { toIso } from '../../shared/clock';

describe('production staff endpoints', () => {
  let bakery: Bakery;
  let oven: BatchCollector;
  // Tokens are minted at call time: they expire as the virtual clock runs through the day.
  const call = async (method: string, route: string, body?: unknown, headers?: Record<string, string>) =>
    http(
      bakery.runtime.baseUrl,
      method,
      `/api/production${route}`,
      body,
      headers ?? { authorization: `Bearer ${await bakery.staffToken()}` },
    );

  beforeAll(async () => {
    bakery = await startBakery({ settings: PRODUCTION_ONLY, topology: topologyWithoutDuplicateDetection() });
    oven = collectBatches(bakery.runtime);
  });
  afterAll(async () => {
    await oven.close();
    await bakery.stop();
  });

  describe('who may call them', () => {
    it.each([
      ['GET', '/schedule', undefined],
      ['PUT', '/recipes/bread', { batchSize: 6 }],
    ])('%s %s answers 401 without a token or with a bad one', async (method, route, body) => {
      const refused: Array<Record<string, string>> = [
        {},
        { authorization: 'Bearer not-a-token' },
        { authorization: 'Basic c3RhZmY6c3RhZmY=' },
      ];
      for (const headers of refused) {
        const res = await call(method, route, body, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.json.code).toBe('BAKERY_UNAUTHORIZED');
      }
    });

    it.each([
      ['GET', '/schedule', undefined],
      ['PUT', '/recipes/bread', { batchSize: 6 }],
    ])('%s %s answers 403 to a customer', async (method, route, body) => {
      const res = await call(method, route, body, {
        authorization: `Bearer ${await bakery.customerToken()}`,
      });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('BAKERY_FORBIDDEN');
    });

    it('changed nothing for the refused calls', async () => {
      const res = await call('GET', '/schedule');
      expect(res.json.items.find((item: { productId: string }) => item.productId === 'bread')).toMatchObject({
        batchSize: 5,
      });
    });
  });

  describe('PUT /api/production/recipes/{productId} refuses', () => {
    it('an unknown product with 404', async () => {
      const res = await call('PUT', '/recipes/pretzel', { batchSize: 3 });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({
        code: 'BAKERY_NOT_FOUND',
        detail: 'Product "pretzel" was not found.',
      });
    });

    it.each([
      ['no field at all', {}, '(body)'],
      ['an interval of 0', { bakeEveryMinutes: 0 }, 'bakeEveryMinutes'],
      ['an interval over a day', { bakeEveryMinutes: 1441 }, 'bakeEveryMinutes'],
      ['a negative batch', { batchSize: -5 }, 'batchSize'],
      ['a fractional batch', { batchSize: 1.5 }, 'batchSize'],
      ['a huge batch', { batchSize: 1_000_000 }, 'batchSize'],
      ['a shelf life as text', { shelfLifeMinutes: '25' }, 'shelfLifeMinutes'],
      ['an unknown field', { batchSize: 6, temperature: 220 }, 'temperature'],
      ['a body that is not an object', [1, 2], '(body)'],
      ['a body that is not JSON', '{"batchSize":', '(body)'],
    ])('%s with 400 naming the field', async (_what, body, field) => {
      const res = await call('PUT', '/recipes/donut', body);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('BAKERY_INVALID_REQUEST');
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('and left the recipe as it was', async () => {
      const res = await call('GET', '/schedule');
      expect(res.json.items.find((item: { productId: string }) => item.productId === 'donut')).toMatchObject({
        bakeEveryMinutes: 1,
        batchSize: 1,
        shelfLifeMinutes: 25,
      });
    });
  });

  describe('a recipe change', () => {
    it('returns the new recipe and its next bake', async () => {
      await bakery.runtime.clock.advanceTo(OPENING + 10 * MINUTE);
      const res = await call('PUT', '/recipes/bread', { bakeEveryMinutes: 20 });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        productId: 'bread',
        bakeEveryMinutes: 20,
        batchSize: 5,
        shelfLifeMinutes: null,
        lastBakedAt: toIso(OPENING),
        nextBakeAt: toIso(OPENING + 20 * MINUTE),
      });
    });

    it('takes effect on later slots only', async () => {
      await call('PUT', '/recipes/donut', { batchSize: 3, shelfLifeMinutes: 10 });
      await bakery.runtime.clock.advanceTo(OPENING + 60 * MINUTE);
      await oven.quiet();
      expect(oven.of('bread').map(slotOf)).toEqual(['07:00', '07:20', '07:40', '08:00']);
      const donuts = oven.of('donut');
      expect(donuts.slice(0, 11).every((batch) => batch.items.length === 1)).toBe(true);
      expect(donuts[10].items[0].expiresAt).toBe(toIso(OPENING + 35 * MINUTE));
      expect(donuts.slice(11).every((batch) => batch.items.length === 3)).toBe(true);
      expect(donuts[11]).toMatchObject({ batchId: 'donut-2026-12-01T07:11' });
      expect(donuts[11].items[0].expiresAt).toBe(toIso(OPENING + 21 * MINUTE));
    });

    it('does not rebake a slot already baked when the grid changes under it', async () => {
      // At 08:00:30, 30 → 45 minutes: the 45-minute grid from opening has 07:45 (before the change)
      // and 08:30; 08:00 stays baked once.
      await bakery.runtime.clock.advanceTo(OPENING + 60 * MINUTE + 30_000);
      const res = await call('PUT', '/recipes/bread', { bakeEveryMinutes: 45 });
      expect(res.json.nextBakeAt).toBe(toIso(OPENING + 90 * MINUTE));
      await bakery.runtime.clock.advanceTo(OPENING + 120 * MINUTE);
      await oven.quiet();
      expect(oven.of('bread').map(slotOf)).toEqual(['07:00', '07:20', '07:40', '08:00', '08:30']);
    });

    it('accepts a shelf life of null: until closing', async () => {
      const res = await call('PUT', '/recipes/croissant', { shelfLifeMinutes: null });
      expect(res.json).toMatchObject({ productId: 'croissant', shelfLifeMinutes: null });
      await bakery.runtime.clock.advanceTo(OPENING + 180 * MINUTE);
      await oven.quiet();
      expect(oven.of('croissant').at(-1)!.items[0].expiresAt).toBe(toIso(OPENING + 600 * MINUTE));
    });

    it('keeps every staff change when several arrive together', async () => {
      // The read-modify-write race itself (a write landing between read and replace) is in
      // production-store.test.ts: requests in one process do not interleave there.
      const changes = [{ batchSize: 9 }, { shelfLifeMinutes: 60 }, { bakeEveryMinutes: 120 }];
      const responses = await Promise.all(changes.map((change) => call('PUT', '/recipes/muffin', change)));
      expect(responses.map((res) => res.status)).toEqual([200, 200, 200]);
      const res = await call('GET', '/schedule');
      expect(res.json.items.find((item: { productId: string }) => item.productId === 'muffin')).toMatchObject(
        { batchSize: 9, shelfLifeMinutes: 60, bakeEveryMinutes: 120 },
      );
    });
  });
});
