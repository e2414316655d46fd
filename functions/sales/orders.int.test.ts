import { BREAD, aud, someone, startSales, type SalesWorld } from './sales-test-kit';

jest.setTimeout(30_000);

/** POST /api/orders, GET /api/orders/{id}, GET /api/orders: sales alone, through HTTP. */
describe('orders over HTTP', () => {
  let world: SalesWorld;
  beforeAll(async () => {
    world = await startSales();
  });
  afterAll(() => world.stop());

  const fieldsOf = (res: { json: any }) =>
    (res.json.errors as Array<{ field: string }>).map((e) => e.field).sort();

  it('answers 202 with the order, its status URL and Location, and starts its saga', async () => {
    const user = someone();
    const res = await world.place(user, { lines: [{ productId: 'bread', quantity: 2 }] });
    expect(res.status).toBe(202);
    const id = res.json.id as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.json).toEqual({ id, status: 'placed', statusUrl: `/api/orders/${id}` });
    expect(res.headers.get('location')).toBe(`/api/orders/${id}`);
    await world.quiet();
    expect(world.of('products', 'bakery.order.placed.v1', id)).toHaveLength(1);
    const view = await world.order(user, id);
    expect(view.status).toBe(200);
    expect(view.json).toEqual({
      id,
      status: 'placed',
      lines: BREAD,
      placedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('needs a token', async () => {
    const { runtime } = world.bakery;
    const res = await fetch(`${runtime.baseUrl}/api/orders`, {
      method: 'POST',
      body: JSON.stringify({ lines: BREAD }),
    });
    expect(res.status).toBe(401);
    expect((await fetch(`${runtime.baseUrl}/api/orders`)).status).toBe(401);
  });

  it.each([
    ['no lines', { lines: [] }, ['lines']],
    ['no body fields', {}, ['lines']],
    ['an unknown top-level field', { lines: BREAD, userId: 'someone-else' }, ['userId']],
    ['an unknown line field', { lines: [{ productId: 'bread', quantity: 1, price: 1 }] }, ['lines[0].price']],
    ['quantity 0', { lines: [{ productId: 'bread', quantity: 0 }] }, ['lines[0].quantity']],
    ['quantity 21', { lines: [{ productId: 'bread', quantity: 21 }] }, ['lines[0].quantity']],
    ['a fractional quantity', { lines: [{ productId: 'donut', quantity: 1.5 }] }, ['lines[0].quantity']],
    ['a quantity as text', { lines: [{ productId: 'donut', quantity: '2' }] }, ['lines[0].quantity']],
    ['no productId', { lines: [{ quantity: 2 }] }, ['lines[0].productId']],
    [
      '21 lines',
      { lines: Array.from({ length: 21 }, () => ({ productId: 'bread', quantity: 1 })) },
      ['lines'],
    ],
    [
      'two bad lines',
      {
        lines: [
          { productId: 'bread', quantity: 1 },
          { productId: '', quantity: -1 },
        ],
      },
      ['lines[1].productId', 'lines[1].quantity'],
    ],
    [
      'a product not on sale',
      {
        lines: [
          { productId: 'bread', quantity: 1 },
          { productId: 'pizza', quantity: 1 },
        ],
      },
      ['lines[1].productId'],
    ],
    [
      'the same product twice, summing over 20',
      {
        lines: [
          { productId: 'donut', quantity: 15 },
          { productId: 'bread', quantity: 1 },
          { productId: 'donut', quantity: 6 },
        ],
      },
      ['lines[2].quantity'],
    ],
  ])('refuses %s with a 400 naming the field', async (_what, body, fields) => {
    const user = someone();
    const res = await world.place(user, body);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('BAKERY_INVALID_REQUEST');
    expect(fieldsOf(res)).toEqual(fields);
    expect((await world.list(user)).json.orders).toEqual([]);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await world.place(someone(), '{"lines": [');
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('BAKERY_INVALID_REQUEST');
  });

  it('merges the same product twice into one line (the sum may be exactly 20)', async () => {
    const user = someone();
    const res = await world.place(user, {
      lines: [
        { productId: 'donut', quantity: 12 },
        { productId: 'bread', quantity: 1 },
        { productId: 'donut', quantity: 8 },
      ],
    });
    expect(res.status).toBe(202);
    await world.quiet();
    const lines = [
      { productId: 'donut', quantity: 20 },
      { productId: 'bread', quantity: 1 },
    ];
    expect((await world.order(user, res.json.id)).json.lines).toEqual(lines);
    expect(world.of('products', 'bakery.order.placed.v1', res.json.id)[0].data.lines).toEqual(lines);
  });

  it('sells a product the menu announced later (sales keeps its own copy of what is on sale)', async () => {
    const user = someone();
    const body = { lines: [{ productId: 'pretzel', quantity: 1 }] };
    expect((await world.place(user, body)).status).toBe(400);
    const item = {
      productId: 'pretzel',
      name: 'Pretzel',
      description: 'Salted.',
      price: aud(300),
      closingDiscountPercent: 0,
      effectiveFrom: new Date(world.bakery.runtime.clock.now()).toISOString(),
      version: 1,
    };
    const changed = await world.send('bakery.menu-item.changed.v1', item);
    await world.redeliver(changed);
    await world.send('bakery.menu-item.changed.v1', { ...item, name: 'Old pretzel', version: 0 });
    expect((await world.place(user, body)).status).toBe(202);
  });

  it("another customer's order is 404, as is an id that is none", async () => {
    const owner = someone('owner');
    const id = await world.placed(owner);
    const res = await world.order(someone('other'), id);
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('BAKERY_NOT_FOUND');
    expect(res.text).not.toContain(owner);
    expect((await world.order(owner, 'not-an-order')).status).toBe(404);
    expect((await world.list(someone('other'))).json.orders).toEqual([]);
  });

  it('lists my orders newest first, page by page, with a continuation token', async () => {
    const user = someone();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await world.placed(user);
      ids.push(id);
      await world.failReservation(id, user, 'out-of-stock'); // finished, so the limit allows the next
      await world.advance(1_000);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `?limit=2${token ? `&continuationToken=${token}` : ''}`;
      const res = await world.list(user, query);
      expect(res.status).toBe(200);
      seen.push(...(res.json.orders as Array<{ id: string }>).map((o) => o.id));
      token = res.json.continuationToken as string | undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    const all = await world.list(user);
    expect(all.json.orders[0]).toMatchObject({ id: ids[4], status: 'rejected', reason: 'out-of-stock' });
    expect(all.json.continuationToken).toBeUndefined();
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?limit=two', 'limit'],
    ['?continuationToken=forged', 'continuationToken'],
  ])('refuses %s with a 400 naming the field', async (query, field) => {
    const res = await world.list(someone(), query);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([field]);
  });
});
