import { randomUUID } from 'node:crypto';
import {
  decide,
  emptyShelf,
  execute,
  ShelfCommandError,
  summarize,
  type NewItem,
  type Shelf,
  type ShelfCommand,
} from './shelf';

const T0 = Date.parse('2026-11-30T20:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

/** An item baked `bakedMin` minutes after T0 that lasts `lifeMin` minutes. */
const item = (bakedMin: number, lifeMin: number, id: string = randomUUID()): NewItem => ({
  id,
  bakedAt: at(bakedMin),
  expiresAt: at(bakedMin + lifeMin),
});

function run(shelf: Shelf, ...commands: ShelfCommand[]) {
  let current = shelf;
  let last: ReturnType<typeof execute> | undefined;
  for (const command of commands) {
    last = execute(current, command);
    current = last.shelf;
  }
  return last!;
}

const stocked = (items: NewItem[], batchId: string = randomUUID(), now = at(0)) =>
  execute(emptyShelf('donut'), { type: 'Stock', batchId, items, now }).shelf;
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('shelf: stock', () => {
  it('puts every item of a batch on the shelf as available, with its product type', () => {
    const batch = [item(0, 25), item(0, 25)];
    const { shelf, outcome, changes } = execute(emptyShelf('donut'), {
      type: 'Stock',
      batchId: 'b1',
      items: batch,
      now: at(0),
    });
    expect(outcome).toEqual({ type: 'stocked', items: batch.map((i) => ({ ...i, productId: 'donut' })) });
    expect(shelf.items.map((i) => i.status)).toEqual(['available', 'available']);
    expect(changes).toEqual([
      { event: expect.objectContaining({ type: 'BatchStocked', batchId: 'b1' }), version: 1 },
    ]);
    expect(summarize(shelf, at(1))).toMatchObject({
      version: 1,
      available: 2,
      expiries: [{ expiresAt: at(25), count: 2 }],
    });
  });

  it('stocks a batch once, however often it arrives', () => {
    const batch = [item(0, 25)];
    const first = execute(emptyShelf('donut'), {
      type: 'Stock',
      batchId: 'b1',
      items: batch,
      now: at(0),
    }).shelf;
    const again = execute(first, { type: 'Stock', batchId: 'b1', items: batch, now: at(1) });
    expect(again.outcome).toEqual({ type: 'already-stocked' });
    expect(again.changes).toEqual([]);
    expect(again.shelf).toBe(first);
  });

  it('never puts the same item id on the shelf twice, even from another batch', () => {
    const loaf = item(0, 60);
    const shelf = run(stocked([loaf], 'b1'), {
      type: 'Stock',
      batchId: 'b2',
      items: [loaf, item(1, 60)],
      now: at(1),
    }).shelf;
    expect(shelf.items).toHaveLength(2);
  });

  it('normalises times with an offset to UTC', () => {
    const shelf = stocked([
      { id: randomUUID(), bakedAt: '2026-12-01T07:00:00+11:00', expiresAt: '2026-12-01T07:25:00+11:00' },
    ]);
    expect(shelf.items[0]).toMatchObject({
      bakedAt: '2026-11-30T20:00:00.000Z',
      expiresAt: '2026-11-30T20:25:00.000Z',
    });
  });
});

describe('shelf: reserve', () => {
  // Three ages: the croissant baked last expires first (shorter life), so it goes first.
  const old = item(0, 240, 'c-old');
  const middle = item(30, 240, 'c-middle');
  const young = item(60, 100, 'c-young-short-life');

  it('takes the items that expire first (FEFO), whatever the order they were stocked in', () => {
    const shelf = stocked([middle, young, old]);
    const { outcome } = execute(shelf, { type: 'Reserve', orderId: 'o1', quantity: 2, now: at(61) });
    expect(outcome).toMatchObject({
      type: 'reserved',
      items: [{ id: 'c-young-short-life' }, { id: 'c-old' }],
    });
  });

  it('breaks expiry ties by bake time, then by id', () => {
    const a = { id: 'b', bakedAt: at(0), expiresAt: at(100) };
    const b = { id: 'a', bakedAt: at(0), expiresAt: at(100) };
    const c = { id: '0', bakedAt: at(5), expiresAt: at(100) };
    const { outcome } = execute(stocked([c, a, b]), {
      type: 'Reserve',
      orderId: 'o',
      quantity: 3,
      now: at(6),
    });
    expect(outcome.type === 'reserved' && ids(outcome.items)).toEqual(['a', 'b', '0']);
  });

  it('skips an expired item even before the sweep removed it, and never sells at the instant of expiry', () => {
    const stale = item(0, 25, 'stale');
    const fresh = item(10, 25, 'fresh');
    const shelf = stocked([stale, fresh]);
    const atExpiry = execute(shelf, { type: 'Reserve', orderId: 'o1', quantity: 1, now: at(25) });
    expect(atExpiry.outcome).toMatchObject({ type: 'reserved', items: [{ id: 'fresh' }] });
    const tooMany = execute(shelf, { type: 'Reserve', orderId: 'o2', quantity: 2, now: at(25) });
    expect(tooMany.outcome).toEqual({ type: 'out-of-stock', requested: 2, available: 1 });
  });

  it('is all-or-nothing: asking for more than is sellable reserves nothing', () => {
    const shelf = stocked([item(0, 25), item(0, 25)]);
    const result = execute(shelf, { type: 'Reserve', orderId: 'o1', quantity: 3, now: at(1) });
    expect(result.outcome).toEqual({ type: 'out-of-stock', requested: 3, available: 2 });
    expect(result.changes).toEqual([]);
    expect(result.shelf.items.every((i) => i.status === 'available')).toBe(true);
  });

  it('answers a repeated reservation with the same items and reserves nothing more', () => {
    const shelf = stocked([item(0, 25), item(1, 25), item(2, 25)]);
    const first = execute(shelf, { type: 'Reserve', orderId: 'o1', quantity: 2, now: at(3) });
    const again = execute(first.shelf, { type: 'Reserve', orderId: 'o1', quantity: 2, now: at(4) });
    expect(again.outcome).toEqual(first.outcome);
    expect(again.changes).toEqual([]);
    expect(summarize(again.shelf, at(4)).available).toBe(1);
  });

  it('never gives one item to two orders', () => {
    let shelf = stocked(Array.from({ length: 5 }, (_, i) => item(i, 25)));
    const taken: string[] = [];
    for (let n = 0; n < 7; n++) {
      const result = execute(shelf, { type: 'Reserve', orderId: `o${n}`, quantity: 1, now: at(6) });
      shelf = result.shelf;
      if (result.outcome.type === 'reserved') taken.push(...ids(result.outcome.items));
      else expect(result.outcome).toEqual({ type: 'out-of-stock', requested: 1, available: 0 });
    }
    expect(new Set(taken).size).toBe(5);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses quantity %p as a bad command', (quantity) => {
    expect(() =>
      decide(stocked([item(0, 25)]), { type: 'Reserve', orderId: 'o', quantity, now: at(1) }),
    ).toThrow(ShelfCommandError);
  });

  it('answers a huge quantity with out-of-stock', () => {
    expect(
      execute(stocked([item(0, 25)]), { type: 'Reserve', orderId: 'o', quantity: 1_000_000, now: at(1) })
        .outcome,
    ).toEqual({
      type: 'out-of-stock',
      requested: 1_000_000,
      available: 1,
    });
  });
});

describe('shelf: release and hand over', () => {
  const reservedShelf = () =>
    run(stocked([item(0, 25, 'd1'), item(1, 25, 'd2')]), {
      type: 'Reserve',
      orderId: 'o1',
      quantity: 1,
      now: at(2),
    }).shelf;

  it('puts released items back on sale, once', () => {
    const released = execute(reservedShelf(), { type: 'Release', orderId: 'o1', now: at(3) });
    expect(released.outcome).toMatchObject({ type: 'released', items: [{ id: 'd1' }] });
    expect(summarize(released.shelf, at(3)).available).toBe(2);
    expect(released.shelf.items.find((i) => i.id === 'd1')).not.toHaveProperty('orderId');
    const again = execute(released.shelf, { type: 'Release', orderId: 'o1', now: at(4) });
    expect(again).toMatchObject({ outcome: { type: 'released', items: [{ id: 'd1' }] }, changes: [] });
    expect(again.shelf.version).toBe(released.shelf.version);
  });

  it('remembers a release of an order it never saw, so a late reservation for it is refused', () => {
    const tombstone = execute(stocked([item(0, 25)]), { type: 'Release', orderId: 'late', now: at(1) });
    expect(tombstone.outcome).toEqual({ type: 'released', items: [] });
    expect(tombstone.shelf.version).toBe(1);
    const late = execute(tombstone.shelf, { type: 'Reserve', orderId: 'late', quantity: 1, now: at(2) });
    expect(late.outcome).toEqual({ type: 'refused', reason: 'order-released' });
  });

  it('hands reserved items over (they leave the shelf), once', () => {
    const handed = execute(reservedShelf(), { type: 'HandOver', orderId: 'o1', now: at(3) });
    expect(handed.outcome).toMatchObject({ type: 'handed-over', items: [{ id: 'd1' }] });
    expect(ids(handed.shelf.items)).toEqual(['d2']);
    const again = execute(handed.shelf, { type: 'HandOver', orderId: 'o1', now: at(4) });
    expect(again).toMatchObject({ outcome: { type: 'handed-over', items: [{ id: 'd1' }] }, changes: [] });
    expect(
      execute(handed.shelf, { type: 'Reserve', orderId: 'o1', quantity: 1, now: at(4) }).outcome,
    ).toMatchObject({ type: 'reserved', items: [{ id: 'd1' }] });
  });

  it('refuses to hand over an unknown or released order, and to release a sold one', () => {
    const shelf = reservedShelf();
    expect(execute(shelf, { type: 'HandOver', orderId: 'nobody', now: at(3) }).outcome).toEqual({
      type: 'refused',
      reason: 'unknown-order',
    });
    const released = execute(shelf, { type: 'Release', orderId: 'o1', now: at(3) }).shelf;
    expect(execute(released, { type: 'HandOver', orderId: 'o1', now: at(4) }).outcome).toEqual({
      type: 'refused',
      reason: 'order-released',
    });
    const sold = execute(shelf, { type: 'HandOver', orderId: 'o1', now: at(3) }).shelf;
    expect(execute(sold, { type: 'Release', orderId: 'o1', now: at(4) }).outcome).toEqual({
      type: 'refused',
      reason: 'order-handed-over',
    });
  });
});
