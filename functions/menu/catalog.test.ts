import { applyEdit, etagOf, ifMatchHolds, itemEditSchema, seedItem, type CatalogItem } from './catalog';

const T = Date.parse('2026-12-01T03:00:00Z');
const bread: CatalogItem = seedItem(
  {
    id: 'bread',
    name: 'Sourdough loaf',
    description: 'Slow.',
    price: 800,
    bakeEveryMinutes: 30,
    batchSize: 5,
    shelfLifeMinutes: null,
    closingDiscountPercent: 50,
  },
  'AUD',
  T,
);
const schema = itemEditSchema('AUD');

describe('seedItem', () => {
  it('starts at version 0 with the configured price in the bakery currency', () => {
    expect(bread).toEqual({
      productId: 'bread',
      name: 'Sourdough loaf',
      description: 'Slow.',
      price: { amount: 800, currency: 'AUD' },
      closingDiscountPercent: 50,
      version: 0,
      updatedAt: '2026-12-01T03:00:00.000Z',
    });
  });
});

describe('applyEdit', () => {
  it('changes only the fields given, bumps the version and stamps the time', () => {
    const outcome = applyEdit(bread, { price: { amount: 900, currency: 'AUD' } }, T + 1000);
    expect(outcome).toEqual({
      kind: 'changed',
      item: {
        ...bread,
        price: { amount: 900, currency: 'AUD' },
        version: 1,
        updatedAt: '2026-12-01T03:00:01.000Z',
      },
    });
  });

  it('is unchanged when every given field already has that value', () => {
    expect(applyEdit(bread, { name: 'Sourdough loaf', closingDiscountPercent: 50 }, T + 1000)).toEqual({
      kind: 'unchanged',
      item: bread,
    });
  });
});

describe('itemEditSchema', () => {
  const issues = (body: unknown) => {
    const result = schema.safeParse(body);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts any subset of the editable fields', () => {
    expect(schema.parse({ closingDiscountPercent: 0 })).toEqual({ closingDiscountPercent: 0 });
    expect(schema.parse({ name: '  Rye  ', description: '' })).toEqual({ name: 'Rye', description: '' });
  });

  it.each([
    [{}, /at least one/],
    [{ colour: 'brown' }, /colour/],
    [{ price: { amount: 0, currency: 'AUD' } }, /^price\.amount: must be more than 0/],
    [{ price: { amount: 1.5, currency: 'AUD' } }, /^price\.amount: must be whole cents/],
    [{ price: { amount: 1_000_001, currency: 'AUD' } }, /^price\.amount: must be at most/],
    [{ price: { amount: 100, currency: 'EUR' } }, /^price\.currency: must be the bakery's currency "AUD"/],
    [{ price: { amount: 100, currency: 'AUD', tax: 1 } }, /tax/],
    [{ closingDiscountPercent: 101 }, /^closingDiscountPercent: must be 0 to 100/],
    [{ closingDiscountPercent: -1 }, /^closingDiscountPercent: must be 0 to 100/],
    [{ name: '   ' }, /^name: must not be empty/],
    [{ name: 'x'.repeat(101) }, /^name: /],
  ])('refuses %j', (body, message) => {
    expect(issues(body)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

describe('ETags', () => {
  it('match the current version only, or *', () => {
    expect(etagOf({ version: 3 })).toBe('"v3"');
    expect(ifMatchHolds('"v3"', { version: 3 })).toBe(true);
    expect(ifMatchHolds('"v1", "v3"', { version: 3 })).toBe(true);
    expect(ifMatchHolds('*', { version: 3 })).toBe(true);
    expect(ifMatchHolds('"v2"', { version: 3 })).toBe(false);
    expect(ifMatchHolds('W/"v3"', { version: 3 })).toBe(false);
  });
});
