import { changeRecipe, recipeChangeSchema, seedRecipe } from './recipe';

const bread = seedRecipe({
  id: 'bread',
  name: 'Bread',
  description: '',
  price: 800,
  bakeEveryMinutes: 30,
  batchSize: 5,
  shelfLifeMinutes: null,
  closingDiscountPercent: 50,
});
const NOW = Date.parse('2026-12-01T10:05:00+11:00');

describe('recipeChangeSchema', () => {
  it.each([
    [{ bakeEveryMinutes: 20 }],
    [{ batchSize: 1000 }],
    [{ shelfLifeMinutes: null }],
    [{ bakeEveryMinutes: 1440, batchSize: 1, shelfLifeMinutes: 10080 }],
  ])('accepts %j', (body) => {
    expect(recipeChangeSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    [{}, ''],
    [{ bakeEveryMinutes: 0 }, 'bakeEveryMinutes'],
    [{ bakeEveryMinutes: 1441 }, 'bakeEveryMinutes'],
    [{ batchSize: 2.5 }, 'batchSize'],
    [{ batchSize: -1 }, 'batchSize'],
    [{ batchSize: 1001 }, 'batchSize'],
    [{ shelfLifeMinutes: '25' }, 'shelfLifeMinutes'],
    [{ batchSize: 5, ovenTemperature: 220 }, ''],
  ])('refuses %j', (body, path) => {
    const result = recipeChangeSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('changeRecipe', () => {
  it('moves the grid only when the interval really changes', () => {
    expect(changeRecipe(bread, { bakeEveryMinutes: 20 }, NOW, 'staff-1')).toMatchObject({
      bakeEveryMinutes: 20,
      intervalSince: NOW,
      changedAt: NOW,
      changedBy: 'staff-1',
    });
    expect(changeRecipe(bread, { bakeEveryMinutes: 30, batchSize: 8 }, NOW, 'staff-1')).toMatchObject({
      bakeEveryMinutes: 30,
      batchSize: 8,
      intervalSince: null,
    });
  });

  it('keeps the oven position and whatever is not named', () => {
    const baking = { ...bread, lastBakedAt: NOW - 5 * 60_000, lastBatchId: 'bread-2026-12-01T10:00' };
    expect(changeRecipe(baking, { shelfLifeMinutes: 240 }, NOW, 'staff-1')).toEqual({
      ...baking,
      shelfLifeMinutes: 240,
      changedAt: NOW,
      changedBy: 'staff-1',
    });
  });
});
