import { BREAD, someone, startSales, type SalesWorld } from './sales-test-kit';

jest.setTimeout(30_000);

/** POST /api/orders repeated: Idempotency-Key per customer and the cap on unfinished orders (OWASP API6). */
describe('placing orders again and again', () => {
  let world: SalesWorld;
  beforeAll(async () => {
    world = await startSales();
  });
  afterAll(() => world.stop());

  const fieldsOf = (res: { json: any }) =>
    (res.json.errors as Array<{ field: string }>).map((e) => e.field).sort();

  describe('Idempotency-Key', () => {
    it('same key, same body: the same 202 again, one order, one saga', async () => {
      const user = someone();
      const first = await world.place(user, { lines: BREAD }, 'key-1');
      const again = await world.place(user, { lines: BREAD }, 'key-1');
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.json).toEqual(first.json);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      await world.quiet();
      expect((await world.list(user)).json.orders).toHaveLength(1);
      expect(world.of('products', 'bakery.order.placed.v1', first.json.id)).toHaveLength(1);
    });

    it('same key sent twice at once: one order', async () => {
      const user = someone();
      const answers = await Promise.all([1, 2, 3].map(() => world.place(user, { lines: BREAD }, 'burst')));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
      await world.quiet();
      expect((await world.list(user)).json.orders).toHaveLength(1);
    });

    it('same key, another body: 422, nothing new', async () => {
      const user = someone();
      expect((await world.place(user, { lines: BREAD }, 'key-2')).status).toBe(202);
      const other = await world.place(user, { lines: [{ productId: 'bread', quantity: 3 }] }, 'key-2');
      expect(other.status).toBe(422);
      expect(other.json.code).toBe('BAKERY_IDEMPOTENCY_KEY_REUSED');
      await world.quiet();
      expect((await world.list(user)).json.orders).toHaveLength(1);
    });

    it('same key, the same order with its lines in another sequence (or split): the same 202 again', async () => {
      const user = someone();
      const lines = [
        { productId: 'bread', quantity: 2 },
        { productId: 'donut', quantity: 1 },
      ];
      const first = await world.place(user, { lines }, 'key-order');
      expect(first.status).toBe(202);
      const reordered = await world.place(user, { lines: [lines[1], lines[0]] }, 'key-order');
      const split = await world.place(
        user,
        {
          lines: [{ productId: 'donut', quantity: 1 }, ...Array(2).fill({ productId: 'bread', quantity: 1 })],
        },
        'key-order',
      );
      for (const again of [reordered, split]) {
        expect(again.status).toBe(202);
        expect(again.json).toEqual(first.json);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
      }
      await world.quiet();
      expect((await world.list(user)).json.orders).toHaveLength(1);
    });

    it('same key, another body that is invalid or off sale: 422 (the key is looked up first), nothing new', async () => {
      const user = someone();
      expect((await world.place(user, { lines: BREAD }, 'key-4')).status).toBe(202);
      const others = [
        { lines: [{ productId: 'bread', quantity: 0 }] },
        { lines: [{ productId: 'pizza', quantity: 1 }] },
        { lines: BREAD, tip: 5 },
        { lines: [] },
        [1, 2],
      ];
      for (const body of others) {
        const res = await world.place(user, body, 'key-4');
        expect({ body, status: res.status, code: res.json?.code }).toEqual({
          body,
          status: 422,
          code: 'BAKERY_IDEMPOTENCY_KEY_REUSED',
        });
      }
      // A fresh key still validates first: 400 naming the field.
      const fresh = await world.place(user, { lines: [{ productId: 'bread', quantity: 0 }] }, 'key-5');
      expect(fresh.status).toBe(400);
      expect(fieldsOf(fresh)).toEqual(['lines[0].quantity']);
      await world.quiet();
      expect((await world.list(user)).json.orders).toHaveLength(1);
    });

    it('a refused order (400) does not use up its key', async () => {
      const user = someone();
      const bad = await world.place(user, { lines: [{ productId: 'pizza', quantity: 1 }] }, 'key-3');
      expect(bad.status).toBe(400);
      expect((await world.place(user, { lines: BREAD }, 'key-3')).status).toBe(202);
    });

    it('two customers may use the same key: two orders', async () => {
      const [a, b] = [someone('a'), someone('b')];
      const forA = await world.place(a, { lines: BREAD }, 'shared-key');
      const forB = await world.place(b, { lines: BREAD }, 'shared-key');
      expect([forA.status, forB.status]).toEqual([202, 202]);
      expect(forA.json.id).not.toBe(forB.json.id);
      expect((await world.order(b, forA.json.id)).status).toBe(404);
    });

    it('refuses a key that is not printable ASCII', async () => {
      const res = await world.place(someone(), { lines: BREAD }, 'has space');
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(['idempotency-key']);
    });
  });

  describe('at most 3 unfinished orders per customer', () => {
    it('the 4th is 429 BAKERY_TOO_MANY_OPEN_ORDERS; a finished order gives its place back', async () => {
      const user = someone();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await world.placed(user));
      const fourth = await world.place(user, { lines: BREAD });
      expect(fourth.status).toBe(429);
      expect(fourth.json.code).toBe('BAKERY_TOO_MANY_OPEN_ORDERS');
      // Another customer is not held back by this one.
      expect((await world.place(someone(), { lines: BREAD })).status).toBe(202);

      await world.failReservation(ids[0], user, 'out-of-stock');
      expect((await world.place(user, { lines: BREAD })).status).toBe(202);
      expect((await world.place(user, { lines: BREAD })).status).toBe(429);
      // A redelivered final fact gives no second place back.
      await world.failReservation(ids[0], user, 'out-of-stock');
      expect((await world.place(user, { lines: BREAD })).status).toBe(429);
    });

    it('concurrent POSTs cannot exceed the limit', async () => {
      // From nothing (the open-order list is created) and from one order (the list is replaced).
      for (const before of [0, 1]) {
        const user = someone();
        for (let i = 0; i < before; i++) await world.placed(user);
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => world.place(user, { lines: BREAD })),
        );
        expect(answers.filter((a) => a.status === 202)).toHaveLength(3 - before);
        expect(answers.filter((a) => a.status === 429)).toHaveLength(7 + before);
        await world.quiet();
        expect((await world.list(user)).json.orders).toHaveLength(3);
      }
    });
  });
});
