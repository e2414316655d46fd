import { createBakeryEvent } from '../../../shared/events';
import { effectsOf } from './shelf-effects';
import { emptyShelf, execute, summarize, type Shelf, type ShelfCommand } from './shelf';
import type { ShelfReply } from './shelf.entity';

const at = (minutes: number) => new Date(Date.parse('2026-11-30T20:00:00Z') + minutes * 60_000).toISOString();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Runs commands on a shelf as the entity would, returning each reply. */
function replies(shelf: Shelf, commands: ShelfCommand[]): ShelfReply[] {
  let current = shelf;
  return commands.map((command) => {
    const result = execute(current, command);
    current = result.shelf;
    return {
      productId: shelf.productId,
      outcome: result.outcome,
      changes: result.changes,
      shelf: summarize(current, command.now),
    };
  });
}

const stock: ShelfCommand = {
  type: 'Stock',
  batchId: 'b1',
  now: at(0),
  items: [1, 2, 3].map((n) => ({ id: id(n), bakedAt: at(0), expiresAt: at(25) })),
};

describe('effectsOf', () => {
  it('reports a batch: a baked line per item (at its bake time) and one stock.changed', () => {
    const report = effectsOf(replies(emptyShelf('donut'), [stock]));
    expect(report.history.map((h) => [h.itemId, h.kind, h.at, h.version])).toEqual(
      [1, 2, 3].map((n) => [id(n), 'baked', at(0), 1]),
    );
    expect(report.events).toEqual([
      {
        type: 'bakery.stock.changed.v1',
        id: 'products:stock-changed:donut:1',
        data: {
          productId: 'donut',
          available: 3,
          version: 1,
          asOf: at(0),
          expiries: [{ expiresAt: at(25), count: 3 }],
        },
      },
    ]);
  });

  it('publishes only the latest state of a shelf touched twice (reserve, then release)', () => {
    const [, reserve, release] = replies(emptyShelf('donut'), [
      stock,
      { type: 'Reserve', orderId: 'o1', quantity: 2, now: at(1) },
      { type: 'Release', orderId: 'o1', now: at(1) },
    ]);
    const report = effectsOf([reserve, release]);
    expect(report.history.map((h) => [h.kind, h.version, h.orderId])).toEqual([
      ['reserved', 2, 'o1'],
      ['reserved', 2, 'o1'],
      ['released', 3, 'o1'],
      ['released', 3, 'o1'],
    ]);
    expect(report.events.map((e) => [e.type, e.id])).toEqual([
      ['bakery.stock.changed.v1', 'products:stock-changed:donut:3'],
    ]);
  });

  it('reports expired and discarded items with ids keyed by shelf and version, and nothing for an empty sweep', () => {
    const [, closing, again] = replies(emptyShelf('donut'), [
      stock,
      { type: 'Discard', now: at(30), closingAt: at(20) },
      { type: 'Expire', now: at(31) },
    ]);
    expect(effectsOf([closing]).events.map((e) => e.id)).toEqual([
      'products:items-discarded:donut:2',
      'products:stock-changed:donut:2',
    ]);
    expect(effectsOf([again])).toEqual({ history: [], events: [] });
  });

  it('says nothing to the menu about a hand-over (the sellable stock did not move) or a tombstone', () => {
    const [, , handOver, tombstone] = replies(emptyShelf('donut'), [
      stock,
      { type: 'Reserve', orderId: 'o1', quantity: 1, now: at(1) },
      { type: 'HandOver', orderId: 'o1', now: at(2) },
      { type: 'Release', orderId: 'never-seen', now: at(3) },
    ]);
    expect(effectsOf([handOver]).events).toEqual([]);
    expect(effectsOf([handOver]).history.map((h) => h.kind)).toEqual(['sold']);
    expect(effectsOf([tombstone])).toEqual({ history: [], events: [] });
  });

  it('plans only events that pass their catalog schema', () => {
    const all = replies(emptyShelf('donut'), [stock, { type: 'Expire', now: at(26) }]);
    for (const planned of effectsOf(all).events) {
      expect(() =>
        createBakeryEvent(planned.type, planned.data, { clock: { now: () => 0 }, id: planned.id }),
      ).not.toThrow();
    }
  });
});
