import { http } from '../../../test/support/runtime-harness';
import { MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit, type ProductsTestKit } from '../products-test-kit';

jest.setTimeout(30_000);

const startProducts = async (startAt: number, options: { stateDir?: string } = {}) =>
  productsKit(await startBakery({ startAt, settings: PRODUCTS_ONLY, ...options }));

/** GET /api/products/shelves: the staff view of every shelf. */
describe('products: GET /api/products/shelves', () => {
  let kit: ProductsTestKit;
  beforeAll(async () => {
    kit = await startProducts(OPENING + 30 * MINUTE);
  });
  afterAll(() => kit.stop());

  it('answers 401 without a bearer token, or with one it cannot verify', async () => {
    const none = await http(kit.bakery.runtime.baseUrl, 'GET', '/api/products/shelves');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="bakery"');
    expect((await kit.shelves('not.a.token')).status).toBe(401);
  });

  it('answers 403 to a customer', async () => {
    const customer = await kit.shelves(await kit.bakery.customerToken());
    expect(customer.status).toBe(403);
    expect(customer.json).toMatchObject({ code: 'BAKERY_FORBIDDEN' });
  });

  it('shows staff every product type with its items in selling order: bake time, expiry, reserved or not', async () => {
    const [later, sooner] = await kit.bake('croissant', [
      { bakedAt: OPENING + 10 * MINUTE, expiresAt: OPENING + 250 * MINUTE },
      { bakedAt: OPENING + 20 * MINUTE, expiresAt: OPENING + 200 * MINUTE },
    ]);
    const orderId = await kit.placeOrder([{ productId: 'croissant', quantity: 1 }]);
    const view = await kit.shelves();
    expect(view.status).toBe(200);
    expect(view.json.asOf).toBe(iso(OPENING + 30 * MINUTE));
    expect(view.json.shelves.map((s) => s.productId)).toEqual([
      'bread',
      'donut',
      'croissant',
      'baguette',
      'muffin',
    ]);
    expect(view.json.shelves.find((s) => s.productId === 'bread')).toEqual({
      productId: 'bread',
      name: 'Sourdough loaf',
      version: 0,
      available: 0,
      reserved: 0,
      items: [],
    });
    expect(view.json.shelves.find((s) => s.productId === 'croissant')).toEqual({
      productId: 'croissant',
      name: 'Butter croissant',
      version: 2,
      available: 1,
      reserved: 1,
      items: [
        {
          id: sooner,
          bakedAt: iso(OPENING + 20 * MINUTE),
          expiresAt: iso(OPENING + 200 * MINUTE),
          reserved: true,
          orderId,
          sellable: false,
        },
        {
          id: later,
          bakedAt: iso(OPENING + 10 * MINUTE),
          expiresAt: iso(OPENING + 250 * MINUTE),
          reserved: false,
          sellable: true,
        },
      ],
    });
  });
});
