import { validatePayload } from '../../shared/events';
import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { bakeBatch, batchIdOf, uuidV5 } from './batch';
import { seedRecipe, type Recipe } from './recipe';

const calendar = new BakeryCalendar({
  timeZone: 'Australia/Sydney',
  opensAt: '07:00',
  closesAt: '17:00',
});
const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00+11:00`);
const recipe = (overrides: Partial<Recipe> = {}): Recipe => ({
  ...seedRecipe({
    id: 'donut',
    name: 'Donut',
    description: '',
    price: 350,
    bakeEveryMinutes: 1,
    batchSize: 1,
    shelfLifeMinutes: 25,
    closingDiscountPercent: 40,
  }),
  ...overrides,
});

describe('uuidV5', () => {
  it('matches the RFC 9562 name-based algorithm (DNS namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});

describe('bakeBatch', () => {
  it('names the batch after the product and the slot in bakery-local time', () => {
    expect(batchIdOf('bread', at('07:30'), calendar)).toBe('bread-2026-12-01T07:30');
  });

  it('bakes batchSize items, each with its own uuid, the slot as bake time and the shelf life as expiry', () => {
    const batch = bakeBatch(recipe({ batchSize: 6, shelfLifeMinutes: 25 }), at('16:59'), calendar);
    expect(batch).toMatchObject({
      productId: 'donut',
      batchId: 'donut-2026-12-01T16:59',
      bakedAt: new Date(at('16:59')).toISOString(),
    });
    expect(batch.items).toHaveLength(6);
    expect(new Set(batch.items.map((item) => item.id)).size).toBe(6);
    // Not capped at closing: closing throws it out anyway.
    expect(batch.items.every((item) => item.expiresAt === new Date(at('17:24')).toISOString())).toBe(true);
    expect(() => validatePayload('bakery.batch.baked.v1', batch)).not.toThrow();
  });

  it('lets items without a shelf life last until closing', () => {
    const batch = bakeBatch(
      recipe({ productId: 'bread', batchSize: 5, shelfLifeMinutes: null }),
      at('07:30'),
      calendar,
    );
    expect(batch.items.map((item) => item.expiresAt)).toEqual(
      Array(5).fill(new Date(at('17:00')).toISOString()),
    );
  });

  it('gives a re-baked slot the same item ids, and other slots or products different ones', () => {
    const ids = (r: Recipe, slot: number) => bakeBatch(r, slot, calendar).items.map((item) => item.id);
    expect(ids(recipe({ batchSize: 3 }), at('08:00'))).toEqual(ids(recipe({ batchSize: 3 }), at('08:00')));
    const all = [
      ...ids(recipe({ batchSize: 3 }), at('08:00')),
      ...ids(recipe({ batchSize: 3 }), at('08:01')),
      ...ids(recipe({ productId: 'bread', batchSize: 3 }), at('08:00')),
    ];
    expect(new Set(all).size).toBe(9);
  });

  it('gives each of the two 02:30s of the night clocks go back its own batch id', () => {
    const night = new BakeryCalendar({
      timeZone: 'Australia/Sydney',
      opensAt: '00:00',
      closesAt: '23:00',
    });
    const first = Date.parse('2026-04-04T15:30:00Z'); // 02:30 AEDT (UTC+11)
    const second = Date.parse('2026-04-04T16:30:00Z'); // 02:30 AEST (UTC+10), an hour later
    expect(batchIdOf('bread', first, night)).toBe('bread-2026-04-05T02:30');
    expect(batchIdOf('bread', second, night)).toBe('bread-2026-04-05T02:30+10:00');
  });
});
