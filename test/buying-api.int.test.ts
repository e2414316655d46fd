import { randomUUID } from 'node:crypto';
import {
  ALL_BUT_PRODUCTION,
  DAY,
  MINUTE,
  OPENING,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/**
 * The buying HTTP edges under pressure (issue 11, api.md): pages that never skip or repeat an order
 * even when many share one instant (the clock stands still here), an Idempotency-Key retried while
 * the open-order limit is reached, and the answers to bad input.
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING + 30 * MINUTE, services: ALL_BUT_PRODUCTION });
  await bakery.bake('bread', 40);
}, 120_000);
afterAll(() => {
  for (const s of bakery?.runtime.bus.stats().filter((x) => x.held) ?? [])
    bakery.runtime.bus.release(s.topic, s.subscription);
  return bakery?.stop();
});

const bread = [{ productId: 'bread', quantity: 1 }];

describe('GET /api/orders pages', () => {
  it('12 orders placed at one instant, read 5 at a time: each once, newest first, the same as one page', async () => {
    const uma = await bakery.signIn('uma');
    await bakery.deposit(uma, 20_000);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await bakery.buy(uma, bread)).id);
    const paged: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await bakery.get(
        uma,
        `/api/orders?limit=5${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.json.orders.length).toBeLessThanOrEqual(5);
      paged.push(...res.json.orders.map((o: { id: string }) => o.id));
      token = res.json.continuationToken;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(paged).size).toBe(12);
    expect([...paged].sort()).toEqual([...ids].sort());
    const whole = (await bakery.get(uma, '/api/orders?limit=100')).json.orders.map(
      (o: { id: string }) => o.id,
    );
    expect(paged).toEqual(whole);
    await bakery.expectInvariants();
  });

  it('refuses a bad limit and a forged continuation token, naming the field', async () => {
    const vic = await bakery.signIn('vic');
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['continuationToken=not-a-token', 'continuationToken'],
    ]) {
      const res = await bakery.get(vic, `/api/orders?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.text).toContain(field);
    }
  });
});

describe('Idempotency-Key and the open-order limit', () => {
  it('a retried POST of an open order answers its 202 again, not 429, while three are open', async () => {
    const wes = await bakery.signIn('wes');
    await bakery.deposit(wes, 10_000);
    bakery.runtime.bus.hold('sales', 'products');
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    const first = [];
    for (const key of keys) first.push(await bakery.place(wes, bread, key));
    expect(first.map((r) => r.status)).toEqual([202, 202, 202]);
    const retried = await bakery.place(wes, bread, keys[2]);
    expect(retried.status).toBe(202);
    expect(retried.json).toEqual(first[2].json);
    expect((await bakery.place(wes, bread, randomUUID())).status).toBe(429);
    bakery.runtime.bus.release('sales', 'products');
    for (const r of first) expect(await bakery.final(wes, r.json.id)).toMatchObject({ status: 'completed' });
    // The same key long after: still the same order, nothing new.
    expect((await bakery.place(wes, bread, keys[0])).json).toEqual(first[0].json);
    await bakery.quiet();
    expect((await bakery.get(wes, '/api/orders')).json.orders).toHaveLength(3);
    await bakery.expectInvariants();
  });
});

describe('bad input on the buying endpoints', () => {
  it('answers 401 without a token, 400 naming the field, 404 for what is not mine or not there', async () => {
    const xia = await bakery.signIn('xia');
    const post = (
      body: unknown,
      headers: Record<string, string> = { authorization: `Bearer ${xia.token}` },
    ) =>
      fetch(`${bakery.baseUrl}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    expect((await post({ lines: bread }, {})).status).toBe(401);
    const cases: Array<[unknown, string]> = [
      [{ lines: [] }, 'lines'],
      [{ lines: [{ productId: 'bread', quantity: 0 }] }, 'lines[0].quantity'],
      [{ lines: [{ productId: 'bread', quantity: 1.5 }] }, 'lines[0].quantity'],
      [{ lines: [{ productId: 'bread', quantity: 21 }] }, 'lines[0].quantity'],
      [{ lines: [{ productId: 'caviar', quantity: 1 }] }, 'lines[0].productId'],
      [{ lines: [{ productId: 'bread', quantity: 1, price: 1 }] }, 'lines[0].price'],
      [{ lines: bread, customerId: 'someone-else' }, 'customerId'],
      [
        {
          lines: [
            { productId: 'bread', quantity: 15 },
            { productId: 'bread', quantity: 6 },
          ],
        },
        'lines[1].quantity',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      const text = await res.text();
      expect([field, res.status]).toEqual([field, 400]);
      expect([field, text.includes(field)]).toEqual([field, true]);
    }
    expect((await post('{not json')).status).toBe(400);
    expect((await bakery.get(xia, `/api/orders/${randomUUID()}`)).status).toBe(404);
    expect((await bakery.get(xia, '/api/orders/not-a-uuid')).status).toBe(404);
    expect((await bakery.get(xia, `/api/pos/receipts/${randomUUID()}`)).status).toBe(404);
    expect((await bakery.get(xia, `/api/pos/takings?date=${DAY}`)).status).toBe(403);
    const staff = await bakery.staffToken();
    const bad = await bakery.get(staff, '/api/pos/takings?date=2026-13-45');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('date');
    expect((await bakery.get(staff, '/api/pos/takings?date=2027-01-01')).json).toMatchObject({
      orders: 0,
      net: { amount: 0 },
    });
    await bakery.expectInvariants();
  });

  it('merges two lines of one product: 15 + 5 loaves is one line of 20, and 20 are handed over', async () => {
    const yan = await bakery.signIn('yan');
    await bakery.deposit(yan, 20 * 800);
    await bakery.bake('bread', 20);
    const order = await bakery.buy(yan, [
      { productId: 'bread', quantity: 15 },
      { productId: 'bread', quantity: 5 },
    ]);
    expect(order).toMatchObject({ status: 'completed', total: { amount: 16_000 } });
    expect(order.items).toHaveLength(20);
    expect(await bakery.balance(yan)).toBe(0);
    await bakery.expectInvariants();
  });
});
