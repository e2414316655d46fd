import { createBakeryEvent, toMessage } from '../../shared/events';
import { CLOSING, MINUTE, OPENING, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import { SECOND, toIso } from '../../shared/clock';

/** GET /api/menu through the real app (menu only; the test plays products by publishing stock.changed). */
const DISCOUNT_START = CLOSING - 30 * MINUTE; // 16:30 in Sydney
const aud = (amount: number) => ({ amount, currency: 'AUD' });

let bakery: Bakery;
afterEach(() => bakery?.stop());

async function start(startAt = OPENING) {
  bakery = await startBakery({ startAt, settings: { BAKERY_SERVICES: 'menu' } });
}

async function menu() {
  const res = await http(bakery.runtime.baseUrl, 'GET', '/api/menu');
  expect(res.status).toBe(200);
  return res.json;
}

async function availability(): Promise<Record<string, number>> {
  const body = await menu();
  return Object.fromEntries(
    body.items.map((i: { productId: string; available: number }) => [i.productId, i.available]),
  );
}

async function at(t: number) {
  await bakery.runtime.clock.advanceTo(t);
  await bakery.runtime.idle();
}

/** Publishes a shelf's stock level as products would; `messageId` overrides the broker's id (a re-publish). */
async function stockChanged(
  productId: string,
  version: number,
  expiries: Array<[number, number]>,
  options: { id?: string; messageId?: string } = {},
) {
  const event = createBakeryEvent(
    'bakery.stock.changed.v1',
    {
      productId,
      version,
      asOf: toIso(bakery.runtime.clock.now()),
      available: expiries.reduce((sum, [, count]) => sum + count, 0),
      expiries: expiries.map(([expiresAt, count]) => ({ expiresAt: toIso(expiresAt), count })),
    },
    { clock: bakery.runtime.clock, ...(options.id ? { id: options.id } : {}) },
  );
  await bakery.runtime.bus.send('products', {
    ...toMessage(event),
    ...(options.messageId ? { messageId: options.messageId } : {}),
  });
  await bakery.runtime.idle();
  return event;
}

describe('GET /api/menu', () => {
  it('lists every default product, in configuration order, with its price and nothing available before any stock', async () => {
    await start();
    const res = await http(bakery.runtime.baseUrl, 'GET', '/api/menu');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({
      asOf: toIso(OPENING),
      day: '2026-12-01',
      open: true,
      opensAt: toIso(OPENING),
      closesAt: toIso(CLOSING),
    });
    expect(res.json.items).toEqual([
      {
        productId: 'bread',
        name: 'Sourdough loaf',
        description: 'Slow-fermented, baked all day.',
        price: aud(800),
        currentPrice: aud(800),
        discounted: false,
        available: 0,
        closingDiscountPercent: 50,
      },
      {
        productId: 'donut',
        name: 'Cinnamon donut',
        description: expect.any(String),
        price: aud(350),
        currentPrice: aud(350),
        discounted: false,
        available: 0,
        closingDiscountPercent: 40,
      },
      {
        productId: 'croissant',
        name: 'Butter croissant',
        description: expect.any(String),
        price: aud(450),
        currentPrice: aud(450),
        discounted: false,
        available: 0,
        closingDiscountPercent: 30,
      },
      {
        productId: 'baguette',
        name: 'Baguette',
        description: expect.any(String),
        price: aud(500),
        currentPrice: aud(500),
        discounted: false,
        available: 0,
        closingDiscountPercent: 50,
      },
      {
        productId: 'muffin',
        name: 'Blueberry muffin',
        description: expect.any(String),
        price: aud(400),
        currentPrice: aud(400),
        discounted: false,
        available: 0,
        closingDiscountPercent: 25,
      },
    ]);
  });

  it('shows what stock.changed reports, per product', async () => {
    await start();
    await stockChanged('bread', 1, [[CLOSING, 5]]);
    await stockChanged('donut', 1, [[OPENING + 25 * MINUTE, 1]]);
    expect(await availability()).toEqual({ bread: 5, donut: 1, croissant: 0, baguette: 0, muffin: 0 });
    await stockChanged('bread', 2, [[CLOSING, 3]]);
    expect((await availability()).bread).toBe(3);
  });

  it('ignores a stock level older than the one it holds (out-of-order delivery)', async () => {
    await start();
    await stockChanged('croissant', 4, [[CLOSING, 2]]);
    await stockChanged('croissant', 3, [[CLOSING, 9]]);
    expect((await availability()).croissant).toBe(2);
    await stockChanged('croissant', 5, [[CLOSING, 6]]);
    expect((await availability()).croissant).toBe(6);
    expect(bakery.runtime.bus.deadLetters('products', 'menu')).toEqual([]);
  });

  it('changes nothing when the same event arrives again, even past duplicate detection', async () => {
    await start();
    const first = await stockChanged('baguette', 1, [[CLOSING, 4]]);
    await stockChanged('baguette', 1, [[CLOSING, 4]], { id: first.id, messageId: 'republished-1' });
    expect((await availability()).baguette).toBe(4);
    await stockChanged('baguette', 2, [[CLOSING, 1]]);
    await stockChanged('baguette', 1, [[CLOSING, 4]], { id: first.id, messageId: 'republished-2' });
    expect((await availability()).baguette).toBe(1);
    expect(bakery.runtime.bus.deadLetters('products', 'menu')).toEqual([]);
  });

  it('takes an item off the menu at the exact instant it expires, with no further event', async () => {
    await start();
    const firstExpiry = OPENING + 25 * MINUTE;
    await stockChanged('donut', 1, [
      [firstExpiry, 1],
      [firstExpiry + MINUTE, 2],
    ]);
    await at(firstExpiry - 1);
    expect((await availability()).donut).toBe(3);
    await at(firstExpiry);
    expect((await availability()).donut).toBe(2);
    await at(firstExpiry + MINUTE - 1);
    expect((await availability()).donut).toBe(2);
    await at(firstExpiry + MINUTE);
    expect((await availability()).donut).toBe(0);
  });

  it('is closed, offering nothing, before opening and from closing on', async () => {
    await start(OPENING - 10 * MINUTE);
    await stockChanged('bread', 1, [[CLOSING + 60 * MINUTE, 5]]);
    await at(OPENING - 1);
    expect(await menu()).toMatchObject({
      open: false,
      items: expect.arrayContaining([expect.objectContaining({ productId: 'bread', available: 0 })]),
    });
    await at(OPENING);
    expect(await menu()).toMatchObject({
      open: true,
      items: expect.arrayContaining([expect.objectContaining({ productId: 'bread', available: 5 })]),
    });
    await at(CLOSING - 1);
    expect((await menu()).open).toBe(true);
    await at(CLOSING);
    expect(await menu()).toMatchObject({
      open: false,
      closesAt: toIso(CLOSING),
      items: expect.arrayContaining([expect.objectContaining({ productId: 'bread', available: 0 })]),
    });
  });
});

describe('the closing discount on GET /api/menu', () => {
  const prices = (body: {
    items: Array<{ productId: string; price: unknown; currentPrice: unknown; discounted: boolean }>;
  }) =>
    Object.fromEntries(
      body.items.map((i) => [
        i.productId,
        { price: i.price, currentPrice: i.currentPrice, discounted: i.discounted },
      ]),
    );
  const full = (amount: number) => ({ price: aud(amount), currentPrice: aud(amount), discounted: false });
  const off = (amount: number, current: number) => ({
    price: aud(amount),
    currentPrice: aud(current),
    discounted: true,
  });

  it('starts at exactly 16:30 local with each product its own percent, shows both prices, and ends at closing', async () => {
    await start(DISCOUNT_START - 2 * MINUTE);
    await at(DISCOUNT_START - SECOND); // 16:29:59
    let body = await menu();
    expect(prices(body)).toEqual({
      bread: full(800),
      donut: full(350),
      croissant: full(450),
      baguette: full(500),
      muffin: full(400),
    });
    expect(body.discountWindow).toEqual({ startsAt: toIso(DISCOUNT_START), endsAt: toIso(CLOSING) });

    await at(DISCOUNT_START); // 16:30:00
    body = await menu();
    expect(prices(body)).toEqual({
      bread: off(800, 400), // 50 %
      donut: off(350, 210), // 40 %
      croissant: off(450, 315), // 30 %
      baguette: off(500, 250), // 50 %
      muffin: off(400, 300), // 25 %
    });
    // The minute timer saw the window open on time.
    expect(body.discountWindow).toEqual({
      startsAt: toIso(DISCOUNT_START),
      endsAt: toIso(CLOSING),
      startedAt: toIso(DISCOUNT_START),
    });

    await at(CLOSING - 1);
    expect(prices(await menu()).bread).toEqual(off(800, 400));
    await at(CLOSING);
    body = await menu();
    expect(prices(body)).toEqual({
      bread: full(800),
      donut: full(350),
      croissant: full(450),
      baguette: full(500),
      muffin: full(400),
    });
    expect(body).toMatchObject({
      open: false,
      discountWindow: { startedAt: toIso(DISCOUNT_START), endedAt: toIso(CLOSING) },
    });
  });
});
