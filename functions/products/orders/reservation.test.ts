import type { ShelfItem, ShelfOutcome } from '../shelf/shelf';
import { afterReserve, failedEvent, reservedEvent, shelvesToRelease, startReservation } from './reservation';

const products = new Set(['bread', 'donut']);
const item = (id: string, productId = 'bread'): ShelfItem => ({
  id,
  productId,
  bakedAt: '2026-12-01T08:00:00.000Z',
  expiresAt: '2026-12-01T16:00:00.000Z',
});
const order = {
  orderId: 'o1',
  userId: 'u1',
  lines: [{ productId: 'bread', quantity: 2 }],
  placedAt: '2026-12-01T09:00:00.000Z',
};

describe('startReservation', () => {
  it('reserves the merged lines in product order while the bakery is open', () => {
    const lines = [
      { productId: 'donut', quantity: 1 },
      { productId: 'bread', quantity: 1 },
      { productId: 'donut', quantity: 2 },
    ];
    expect(startReservation(lines, products, true)).toEqual({
      kind: 'reserve',
      lines: [
        { productId: 'bread', quantity: 1 },
        { productId: 'donut', quantity: 3 },
      ],
    });
  });

  it('fails an invalid order with its problems, before the opening hours matter', () => {
    expect(startReservation([{ productId: 'cake', quantity: 1 }], products, false)).toEqual({
      kind: 'fail',
      failure: {
        reason: 'invalid-order',
        problems: ['lines[0].productId: "cake" is not a product of this bakery'],
      },
    });
  });

  it('fails every line as out of stock with nothing available while the bakery is closed', () => {
    expect(startReservation([{ productId: 'bread', quantity: 2 }], products, false)).toEqual({
      kind: 'fail',
      failure: { reason: 'out-of-stock', shortages: [{ productId: 'bread', requested: 2, available: 0 }] },
    });
  });
});

describe('afterReserve', () => {
  const line = { productId: 'bread', quantity: 2 };

  it('holds the items a shelf reserved', () => {
    const items = [item('i1'), item('i2')];
    expect(afterReserve(line, { type: 'reserved', items })).toEqual({ kind: 'held', items });
  });

  it('stops at a shortage, quoting what the shelf had', () => {
    expect(afterReserve(line, { type: 'out-of-stock', requested: 2, available: 1 })).toEqual({
      kind: 'stop',
      failure: { reason: 'out-of-stock', shortages: [{ productId: 'bread', requested: 2, available: 1 }] },
    });
  });

  it('stops as cancelled when the order was released before it reached the shelf', () => {
    expect(afterReserve(line, { type: 'refused', reason: 'order-released' })).toEqual({
      kind: 'stop',
      failure: { reason: 'cancelled' },
    });
  });

  it.each<ShelfOutcome>([
    { type: 'refused', reason: 'unknown-order' },
    { type: 'stocked', items: [] },
    { type: 'discarded', expired: [], discarded: [] },
  ])('refuses an answer no shelf gives to reserve: %j', (outcome) => {
    expect(() => afterReserve(line, outcome)).toThrow(/reserve bread/);
  });
});

describe('compensation and events', () => {
  it('releases the shelves already held, newest first, without touching its input', () => {
    const held = ['bread', 'croissant', 'donut'];
    expect(shelvesToRelease(held)).toEqual(['donut', 'croissant', 'bread']);
    expect(held).toEqual(['bread', 'croissant', 'donut']);
  });

  it('tells sales which items are reserved, under a deterministic id', () => {
    const event = reservedEvent(order, [item('i1'), item('i2')], '2026-12-01T09:00:01.000Z');
    expect(event).toEqual({
      type: 'bakery.order.reserved.v1',
      id: 'o1:reserved',
      correlationId: 'o1',
      data: {
        orderId: 'o1',
        userId: 'u1',
        items: [
          { id: 'i1', productId: 'bread', expiresAt: '2026-12-01T16:00:00.000Z' },
          { id: 'i2', productId: 'bread', expiresAt: '2026-12-01T16:00:00.000Z' },
        ],
        reservedAt: '2026-12-01T09:00:01.000Z',
      },
    });
  });

  it('reports a cancelled order with no shortages, and a shortage with its numbers', () => {
    const at = '2026-12-01T09:00:01.000Z';
    expect(failedEvent(order, { reason: 'cancelled' }, at).data).toEqual({
      orderId: 'o1',
      userId: 'u1',
      reason: 'cancelled',
      shortages: [],
      failedAt: at,
    });
    const shortages = [{ productId: 'bread', requested: 2, available: 1 }];
    expect(failedEvent(order, { reason: 'out-of-stock', shortages }, at)).toMatchObject({
      id: 'o1:reservation-failed',
      data: { reason: 'out-of-stock', shortages },
    });
  });
});
