import { createBakeryEvent, toMessage } from '../../shared/events';
import { CLOSING, MINUTE, OPENING, startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import { toIso } from '../../shared/clock';
import { connectLive, type LiveClient } from '../../local/live/live-test-kit';

/**
 * menu.changed on the live socket, as a browser sees it: anonymous client from GET
 * /api/live/negotiate, the menu service alone, the test playing products (stock.changed on its
 * topic) and staff (PUT /api/menu/items). Each push carries only the products that changed, with
 * what GET /api/menu says of them at that instant.
 */
const aud = (amount: number) => ({ amount, currency: 'AUD' });
const DISCOUNT_START = CLOSING - 30 * MINUTE;

// Each start loads the whole app afresh; on a busy machine that alone can take seconds.
jest.setTimeout(30_000);

let bakery: Bakery;
let socket: LiveClient;

async function start(startAt = OPENING) {
  bakery = await startBakery({ startAt, settings: { BAKERY_SERVICES: 'menu' } });
  const negotiated = await http(bakery.runtime.baseUrl, 'GET', '/api/live/negotiate');
  expect(negotiated.status).toBe(200);
  socket = await connectLive(negotiated.json.url);
}

afterEach(async () => {
  await socket?.close();
  await bakery?.stop();
});

/** `id` re-publishes an event (under a new broker message id, so it reaches the handler again). */
async function stockChanged(productId: string, version: number, count: number, id?: string) {
  const event = createBakeryEvent(
    'bakery.stock.changed.v1',
    {
      productId,
      version,
      asOf: toIso(bakery.runtime.clock.now()),
      available: count,
      expiries: count === 0 ? [] : [{ expiresAt: toIso(CLOSING), count }],
    },
    { clock: bakery.runtime.clock, ...(id ? { id } : {}) },
  );
  await bakery.runtime.bus.send('products', {
    ...toMessage(event),
    ...(id ? { messageId: `again-${id}` } : {}),
  });
  await bakery.runtime.idle();
  return event;
}

async function menuLine(productId: string) {
  const menu = await http(bakery.runtime.baseUrl, 'GET', '/api/menu');
  const line = menu.json.items.find((i: { productId: string }) => i.productId === productId);
  return {
    productId,
    available: line.available,
    currentPrice: line.currentPrice,
    discounted: line.discounted,
  };
}

const asStaff = async () => ({ authorization: `Bearer ${await bakery.staffToken()}` });

describe('menu.changed', () => {
  it('follows a stock change with that product only, as GET /api/menu then says it', async () => {
    await start();
    await stockChanged('bread', 1, 6);
    const message = (await socket.next()) as { type: string; asOf: string; items: unknown[] };
    expect(message).toEqual({
      type: 'menu.changed',
      asOf: toIso(OPENING),
      items: [{ productId: 'bread', available: 6, currentPrice: aud(800), discounted: false }],
    });
    expect(message.items).toEqual([await menuLine('bread')]);

    await stockChanged('bread', 2, 4);
    await expect(socket.next()).resolves.toMatchObject({ items: [{ productId: 'bread', available: 4 }] });
  });

  it('pushes nothing for a redelivered or an out-of-date stock event', async () => {
    await start();
    const first = await stockChanged('donut', 5, 10);
    await expect(socket.next()).resolves.toMatchObject({ items: [{ productId: 'donut', available: 10 }] });
    await stockChanged('donut', 5, 10, first.id); // the same event again
    await stockChanged('donut', 3, 99); // an older shelf version arriving late
    // The next thing the socket carries is the next real change, not either of those.
    await stockChanged('muffin', 1, 2);
    await expect(socket.next()).resolves.toMatchObject({ items: [{ productId: 'muffin', available: 2 }] });
  });

  it('follows a staff price edit with the new price; an edit that changes nothing pushes nothing', async () => {
    await start();
    const put = async (productId: string, body: unknown) => {
      const res = await http(
        bakery.runtime.baseUrl,
        'PUT',
        `/api/menu/items/${productId}`,
        body,
        await asStaff(),
      );
      expect(res.status).toBe(200);
      await bakery.runtime.idle();
    };
    await put('croissant', { price: aud(500) });
    await expect(socket.next()).resolves.toEqual({
      type: 'menu.changed',
      asOf: toIso(OPENING),
      items: [{ productId: 'croissant', available: 0, currentPrice: aud(500), discounted: false }],
    });
    await put('croissant', { price: aud(500) });
    await put('baguette', { price: aud(550) });
    await expect(socket.next()).resolves.toMatchObject({
      items: [{ productId: 'baguette', currentPrice: aud(550) }],
    });
  });

  it("follows the discount window's start and end with the discounted products' new prices", async () => {
    await start(DISCOUNT_START - 2 * MINUTE);
    // Muffins get no closing discount today: the window moves no muffin price, so none is pushed.
    const res = await http(
      bakery.runtime.baseUrl,
      'PUT',
      '/api/menu/items/muffin',
      { closingDiscountPercent: 0 },
      await asStaff(),
    );
    expect(res.status).toBe(200);
    await bakery.runtime.idle();
    await expect(socket.next()).resolves.toMatchObject({ items: [{ productId: 'muffin' }] });

    await bakery.runtime.clock.advanceTo(DISCOUNT_START + 1_000);
    await bakery.runtime.idle();
    const started = (await socket.next()) as { items: Array<{ productId: string }> };
    expect(started.items.map((i) => i.productId)).toEqual(['bread', 'donut', 'croissant', 'baguette']);
    expect(started.items[0]).toEqual({
      productId: 'bread',
      available: 0,
      currentPrice: aud(400),
      discounted: true,
    });
    expect(started.items[0]).toEqual(await menuLine('bread'));

    // The timer fires every minute of the window: only the transitions push, so the next message
    // after ten more firings is the next real change.
    await bakery.runtime.clock.advanceTo(DISCOUNT_START + 10 * MINUTE);
    await bakery.runtime.idle();
    await stockChanged('bread', 1, 3);
    await expect(socket.next()).resolves.toMatchObject({
      items: [{ productId: 'bread', available: 3, currentPrice: aud(400), discounted: true }],
    });

    await bakery.runtime.clock.advanceTo(CLOSING + 1_000);
    await bakery.runtime.idle();
    const ended = (await socket.next()) as { items: Array<{ productId: string; discounted: boolean }> };
    expect(ended.items.map((i) => [i.productId, i.discounted])).toEqual([
      ['bread', false],
      ['donut', false],
      ['croissant', false],
      ['baguette', false],
    ]);
  });
});
