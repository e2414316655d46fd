import { http } from '../../../test/support/runtime-harness';
import { startBakery, type Bakery } from '../../../test/support/bakery-harness';

describe('GET /api/products/report', () => {
  let bakery: Bakery;
  beforeAll(async () => {
    bakery = await startBakery({ settings: { BAKERY_SERVICES: 'products' } });
  });
  afterAll(() => bakery.stop());
  const get = async (query: string, token?: string) =>
    http(
      bakery.runtime.baseUrl,
      'GET',
      `/api/products/report${query}`,
      undefined,
      token ? { authorization: `Bearer ${token}` } : {},
    );

  it('is for staff only', async () => {
    expect((await get('?date=2026-12-01')).status).toBe(401);
    expect((await get('?date=2026-12-01', await bakery.customerToken())).status).toBe(403);
  });

  it('names the bad query parameter', async () => {
    const res = await get('?date=yesterday', await bakery.staffToken());
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'date' })]);
  });

  it('reads the first value of a repeated parameter, as request.query.get() does', async () => {
    const res = await get('?date=2026-12-01&date=yesterday', await bakery.staffToken());
    expect(res.status).toBe(200);
    expect(res.json.date).toBe('2026-12-01');
  });

  it('lists every product with zeros before anything is baked', async () => {
    const res = await get('?date=2026-12-01', await bakery.staffToken());
    expect(res.status).toBe(200);
    expect(
      res.json.products.map((p: { productId: string; baked: number }) => [p.productId, p.baked]),
    ).toEqual([
      ['bread', 0],
      ['donut', 0],
      ['croissant', 0],
      ['baguette', 0],
      ['muffin', 0],
    ]);
  });
});
