import type { ReceivedMessage } from '../../local/bus/embedded-bus';
import { CLOSING, MINUTE, OPENING, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import { toIso } from '../../shared/clock';

/** Staff edits of menu items: PUT /api/menu/items/{productId} (and the public GET of one item). */
const aud = (amount: number) => ({ amount, currency: 'AUD' });

let bakery: Bakery;
let published: Array<{ id: string; type: string; data: Record<string, unknown> }>;

beforeEach(async () => {
  bakery = await startBakery({ startAt: OPENING, settings: { BAKERY_SERVICES: 'menu' } });
  published = [];
  // pos is not loaded here: the test reads pos's subscription on the menu topic itself.
  bakery.runtime.bus.subscribe('menu', 'pos', async (message: ReceivedMessage) => {
    published.push(message.body as (typeof published)[number]);
  });
});
afterEach(() => bakery.stop());

async function put(productId: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await http(bakery.runtime.baseUrl, 'PUT', `/api/menu/items/${productId}`, body, headers);
  await bakery.runtime.idle();
  return res;
}
const asStaff = async () => ({ authorization: `Bearer ${await bakery.staffToken()}` });
const menuItem = async (productId: string) =>
  (await http(bakery.runtime.baseUrl, 'GET', '/api/menu')).json.items.find(
    (i: { productId: string }) => i.productId === productId,
  );

describe('PUT /api/menu/items/{productId}', () => {
  it('answers 401 without a token and with a token it cannot verify', async () => {
    const none = await put('bread', { price: aud(900) });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.json).toMatchObject({ code: 'BAKERY_UNAUTHORIZED' });
    const forged = await put(
      'bread',
      { price: aud(900) },
      { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' },
    );
    expect(forged.status).toBe(401);
    expect((await menuItem('bread')).price).toEqual(aud(800));
  });

  it('answers 403 to a customer', async () => {
    const res = await put(
      'bread',
      { price: aud(1) },
      { authorization: `Bearer ${await bakery.customerToken()}` },
    );
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'BAKERY_FORBIDDEN' });
    expect((await menuItem('bread')).price).toEqual(aud(800));
  });

  it('answers 400 naming each bad field, and changes nothing', async () => {
    const res = await put(
      'bread',
      { price: { amount: -5, currency: 'EUR' }, closingDiscountPercent: 150, colour: 'brown' },
      await asStaff(),
    );
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('BAKERY_INVALID_REQUEST');
    expect(res.json.errors).toEqual(
      expect.arrayContaining([
        { field: 'price.amount', message: 'must be more than 0 cents' },
        { field: 'price.currency', message: 'must be the bakery\'s currency "AUD"' },
        { field: 'closingDiscountPercent', message: 'must be 0 to 100' },
        { field: 'colour', message: 'Unknown field.' },
      ]),
    );
    const empty = await put('bread', {}, await asStaff());
    expect(empty.json.errors).toEqual([
      { field: '(body)', message: expect.stringContaining('at least one') },
    ]);
    const notJson = await put('bread', '{"price":', await asStaff());
    expect(notJson.status).toBe(400);
    const huge = await put('bread', { price: aud(1_000_001) }, await asStaff());
    expect(huge.json.errors).toEqual([
      { field: 'price.amount', message: expect.stringContaining('at most') },
    ]);
    expect(await menuItem('bread')).toMatchObject({ price: aud(800), closingDiscountPercent: 50 });
    expect(published).toEqual([]);
  });

  it('answers 404 for a product the bakery does not make', async () => {
    const res = await put('pretzel', { price: aud(300) }, await asStaff());
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      code: 'BAKERY_NOT_FOUND',
      detail: 'Menu item "pretzel" was not found.',
    });
    expect((await http(bakery.runtime.baseUrl, 'GET', '/api/menu/items/pretzel')).status).toBe(404);
  });

  it('changes the item, shows it on the menu, and publishes menu-item.changed once', async () => {
    await bakery.runtime.clock.advanceTo(OPENING + 5 * MINUTE);
    const res = await put(
      'donut',
      { name: 'Glazed donut', price: aud(380), closingDiscountPercent: 10 },
      await asStaff(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(res.json).toEqual({
      productId: 'donut',
      name: 'Glazed donut',
      description: 'Fried one at a time, best within 25 minutes.',
      price: aud(380),
      closingDiscountPercent: 10,
      version: 1,
      updatedAt: toIso(OPENING + 5 * MINUTE),
    });
    expect(await menuItem('donut')).toMatchObject({
      name: 'Glazed donut',
      price: aud(380),
      currentPrice: aud(380),
      closingDiscountPercent: 10,
    });
    expect(published).toEqual([
      expect.objectContaining({
        id: 'menu-item:donut:v1',
        type: 'bakery.menu-item.changed.v1',
        source: 'bakery/menu',
        subject: 'donut',
        data: {
          productId: 'donut',
          name: 'Glazed donut',
          description: 'Fried one at a time, best within 25 minutes.',
          price: aud(380),
          closingDiscountPercent: 10,
          effectiveFrom: toIso(OPENING + 5 * MINUTE),
          version: 1,
        },
      }),
    ]);

    // Setting what is already there is no change: same version, no second event.
    const again = await put('donut', { price: aud(380) }, await asStaff());
    expect(again.json.version).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('applies a new closing discount at once during the window', async () => {
    await bakery.runtime.clock.advanceTo(CLOSING - 10 * MINUTE);
    expect(await menuItem('muffin')).toMatchObject({ currentPrice: aud(300), discounted: true });
    await put('muffin', { closingDiscountPercent: 50 }, await asStaff());
    expect(await menuItem('muffin')).toMatchObject({
      price: aud(400),
      currentPrice: aud(200),
      discounted: true,
    });
  });

  it('honours If-Match: the current ETag succeeds, a stale one gets 412 and changes nothing', async () => {
    const item = await http(bakery.runtime.baseUrl, 'GET', '/api/menu/items/baguette');
    expect(item).toMatchObject({ status: 200, json: { version: 0, price: aud(500) } });
    const etag = item.headers.get('etag')!;
    expect(etag).toBe('"v0"');
    expect(
      (await put('baguette', { price: aud(550) }, { ...(await asStaff()), 'if-match': etag })).status,
    ).toBe(200);
    const stale = await put('baguette', { price: aud(600) }, { ...(await asStaff()), 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('BAKERY_PRECONDITION_FAILED');
    expect((await menuItem('baguette')).price).toEqual(aud(550));
    expect(published.map((e) => e.data.version)).toEqual([1]);
  });

  it('serialises concurrent edits: every one lands as its own version with its own event', async () => {
    const headers = await asStaff();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        http(bakery.runtime.baseUrl, 'PUT', '/api/menu/items/croissant', { price: aud(500 + i) }, headers),
      ),
    );
    await bakery.runtime.idle();
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(responses.map((r) => r.json.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const events = published.filter((e) => e.data.productId === 'croissant');
    expect(events.map((e) => e.data.version).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const last = responses.find((r) => r.json.version === 12)!;
    expect((await menuItem('croissant')).price).toEqual(last.json.price);
  });
});
