import { randomUUID } from 'node:crypto';
import {
  emptyShelf,
  execute,
  LEDGER_RETENTION_MS,
  summarize,
  type NewItem,
  type Shelf,
  type ShelfCommand,
} from './shelf';

const T0 = Date.parse('2026-11-30T20:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();
const item = (bakedMin: number, lifeMin: number, id: string = randomUUID()): NewItem => ({
  id,
  bakedAt: at(bakedMin),
  expiresAt: at(bakedMin + lifeMin),
});
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();

function run(shelf: Shelf, ...commands: ShelfCommand[]): Shelf {
  return commands.reduce((current, command) => execute(current, command).shelf, shelf);
}

/** d-stale expires at 25 and d-fresh at 45, both available; d-reserved (expires at 30) is held by o1. */
function shelfWithAReservation(): Shelf {
  return run(
    emptyShelf('donut'),
    { type: 'Stock', batchId: 'b1', items: [item(5, 25, 'd-reserved')], now: at(5) },
    { type: 'Reserve', orderId: 'o1', quantity: 1, now: at(6) },
    { type: 'Stock', batchId: 'b2', items: [item(0, 25, 'd-stale'), item(20, 25, 'd-fresh')], now: at(20) },
  );
}

describe('shelf: expire (the stale sweep)', () => {
  it('removes available items whose expiry has come, and keeps reserved ones even when stale', () => {
    let shelf = run(emptyShelf('donut'), {
      type: 'Stock',
      batchId: 'b',
      items: [item(0, 25, 'a'), item(1, 25, 'held'), item(10, 25, 'b')],
      now: at(10),
    });
    shelf = execute(shelf, { type: 'Reserve', orderId: 'o', quantity: 1, now: at(11) }).shelf; // takes 'a' (expires first)
    const sweep = execute(shelf, { type: 'Expire', now: at(40) });
    expect(sweep.outcome.type === 'expired' && ids(sweep.outcome.items)).toEqual(['b', 'held']);
    expect(ids(sweep.shelf.items)).toEqual(['a']);
    expect(sweep.shelf.items[0]).toMatchObject({ status: 'reserved', orderId: 'o' });
    expect(sweep.changes).toEqual([
      { event: expect.objectContaining({ type: 'ItemsExpired' }), version: shelf.version + 1 },
    ]);
  });

  it('expires at the instant of expiry, not before', () => {
    const shelf = run(emptyShelf('donut'), {
      type: 'Stock',
      batchId: 'b',
      items: [item(0, 25, 'x')],
      now: at(0),
    });
    expect(
      execute(shelf, { type: 'Expire', now: new Date(T0 + 25 * MIN - 1).toISOString() }).changes,
    ).toEqual([]);
    expect(execute(shelf, { type: 'Expire', now: at(25) }).outcome).toMatchObject({
      type: 'expired',
      items: [{ id: 'x' }],
    });
  });

  it('does nothing the second time (a sweep that fires twice)', () => {
    const shelf = run(
      emptyShelf('donut'),
      { type: 'Stock', batchId: 'b', items: [item(0, 25)], now: at(0) },
      { type: 'Expire', now: at(30) },
    );
    const again = execute(shelf, { type: 'Expire', now: at(31) });
    expect(again).toMatchObject({ outcome: { type: 'expired', items: [] }, changes: [] });
    expect(again.shelf).toBe(shelf);
  });

  it("leaves stale items baked before the last closing to that day's closing (catching up after downtime)", () => {
    const shelf = run(emptyShelf('bread'), {
      type: 'Stock',
      batchId: 'b',
      items: [item(0, 600, 'yesterday'), item(1440, 10, 'today')],
      now: at(1440),
    });
    const sweep = execute(shelf, { type: 'Expire', now: at(1455), bakedAfter: at(600) });
    expect(sweep.outcome).toMatchObject({ type: 'expired', items: [{ id: 'today' }] });
    expect(ids(sweep.shelf.items)).toEqual(['yesterday']);
  });

  it('a released item that went stale while held is swept afterwards', () => {
    const shelf = run(
      emptyShelf('donut'),
      { type: 'Stock', batchId: 'b', items: [item(0, 25, 'x')], now: at(0) },
      { type: 'Reserve', orderId: 'o', quantity: 1, now: at(1) },
      { type: 'Expire', now: at(30) },
      { type: 'Release', orderId: 'o', now: at(31) },
    );
    expect(summarize(shelf, at(31)).available).toBe(0);
    expect(execute(shelf, { type: 'Expire', now: at(32) }).outcome).toMatchObject({ items: [{ id: 'x' }] });
  });
});

describe('shelf: discard (closing)', () => {
  it('throws out every unreserved item and keeps the reserved ones', () => {
    const shelf = shelfWithAReservation();
    const closing = execute(shelf, { type: 'Discard', now: at(24) });
    expect(closing.outcome.type === 'discarded' && ids(closing.outcome.discarded)).toEqual([
      'd-fresh',
      'd-stale',
    ]);
    expect(closing.shelf.items).toEqual([
      expect.objectContaining({ id: 'd-reserved', status: 'reserved', orderId: 'o1' }),
    ]);
    expect(summarize(closing.shelf, at(24)).available).toBe(0);
  });

  it('counts items that went stale before closing as expired, the rest as discarded', () => {
    const shelf = run(emptyShelf('bread'), {
      type: 'Stock',
      batchId: 'b',
      now: at(0),
      // A loaf that lasts until closing (at 600) is discarded; a donut stale at 590 was never swept.
      items: [
        item(0, 600, 'until-closing'),
        item(565, 25, 'stale-at-590'),
        item(590, 25, 'good-after-closing'),
      ],
    });
    const closing = execute(shelf, { type: 'Discard', now: at(600), closingAt: at(600) });
    expect(closing.outcome).toMatchObject({ type: 'discarded', expired: [{ id: 'stale-at-590' }] });
    expect(closing.outcome.type === 'discarded' && ids(closing.outcome.discarded)).toEqual([
      'good-after-closing',
      'until-closing',
    ]);
    expect(closing.changes.map((c) => [c.event.type, c.version])).toEqual([
      ['ItemsExpired', 2],
      ['ItemsDiscarded', 3],
    ]);
  });

  it('when catching up a missed closing, leaves what was baked after that closing', () => {
    const shelf = run(emptyShelf('bread'), {
      type: 'Stock',
      batchId: 'b',
      items: [item(0, 600, 'yesterday'), item(1440, 600, 'today')],
      now: at(1440),
    });
    const late = execute(shelf, { type: 'Discard', now: at(1500), closingAt: at(600) });
    expect(late.outcome).toMatchObject({ discarded: [{ id: 'yesterday' }], expired: [] });
    expect(ids(late.shelf.items)).toEqual(['today']);
  });

  it('does nothing the second time', () => {
    const shelf = execute(shelfWithAReservation(), { type: 'Discard', now: at(24) }).shelf;
    const again = execute(shelf, { type: 'Discard', now: at(25) });
    expect(again).toMatchObject({ outcome: { type: 'discarded', expired: [], discarded: [] }, changes: [] });
  });
});

describe('shelf: bounded ledgers', () => {
  it('forgets finished orders and stocked batches a day later, but never an order still reserved', () => {
    let shelf = run(
      emptyShelf('bread'),
      {
        type: 'Stock',
        batchId: 'old-batch',
        items: [item(0, 3000, 'l1'), item(0, 3000, 'l2'), item(0, 3000, 'l3')],
        now: at(0),
      },
      { type: 'Reserve', orderId: 'held', quantity: 1, now: at(1) },
      { type: 'Reserve', orderId: 'sold', quantity: 1, now: at(1) },
      { type: 'HandOver', orderId: 'sold', now: at(2) },
      { type: 'Release', orderId: 'cancelled', now: at(2) },
    );
    expect(Object.keys(shelf.orders).sort()).toEqual(['cancelled', 'held', 'sold']);
    const dayLater = T0 + 2 * MIN + LEDGER_RETENTION_MS + 1;
    shelf = execute(shelf, {
      type: 'Stock',
      batchId: 'new-batch',
      items: [item((dayLater - T0) / MIN, 60)],
      now: new Date(dayLater).toISOString(),
    }).shelf;
    expect(Object.keys(shelf.orders)).toEqual(['held']);
    expect(Object.keys(shelf.batches)).toEqual(['new-batch']);
  });
});
