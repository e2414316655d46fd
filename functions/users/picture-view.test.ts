import { emptyPicture } from './picture';
import type { OrderEntry, Picture } from './picture-types';
import { viewPicture } from './picture-view';

const aud = (amount: number) => ({ amount, currency: 'AUD' });
const t = (minute: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + minute * 60_000).toISOString();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function completed(n: number, total: number, minute: number, productId = 'bread'): OrderEntry {
  return {
    id: id(n),
    placedAt: t(minute),
    fate: {
      status: 'completed',
      at: t(minute + 5),
      total: aud(total),
      items: [{ id: id(100 + n), productId }],
    },
  };
}

const withOrders = (...orders: OrderEntry[]): Picture => ({
  ...emptyPicture('ada'),
  orders: Object.fromEntries(orders.map((order) => [order.id, order])),
});

describe('viewPicture', () => {
  it('shows a picture with nothing but an order: no name, no account, nothing spent yet', () => {
    const picture = withOrders({ id: id(1), placedAt: t(0), fate: { status: 'placed', at: t(0) } });
    expect(viewPicture(picture, 'AUD')).toEqual({
      userId: 'ada',
      name: null,
      account: null,
      orders: { count: 1, last: { id: id(1), status: 'placed', placedAt: t(0), updatedAt: t(0) } },
      totalSpent: aud(0),
      itemsReceived: [],
    });
  });

  it('shows no orders before any, and spends in the bakery currency', () => {
    expect(viewPicture(emptyPicture('ada'), 'NZD')).toMatchObject({
      orders: { count: 0, last: null },
      totalSpent: { amount: 0, currency: 'NZD' },
    });
  });

  it('adds up completed orders, less the refunds of their charges; rejected and cancelled cost nothing', () => {
    const picture: Picture = {
      ...withOrders(
        completed(1, 800, 0),
        completed(2, 450, 10),
        { id: id(3), placedAt: t(20), fate: { status: 'cancelled', at: t(21), reason: 'payment-timeout' } },
        { id: id(4), placedAt: t(30), fate: { status: 'rejected', at: t(31), reason: 'out-of-stock' } },
      ),
      refunds: {
        'c-2': { orderId: id(2), amount: aud(450) },
        'c-3': { orderId: id(3), amount: aud(400) },
      },
    };
    expect(viewPicture(picture, 'AUD').totalSpent).toEqual(aud(800));
  });

  it('never counts a refund larger than an order as money earned', () => {
    const picture = {
      ...withOrders(completed(1, 300, 0)),
      refunds: { c: { orderId: id(1), amount: aud(500) } },
    };
    expect(viewPicture(picture, 'AUD').totalSpent).toEqual(aud(0));
  });

  it('lists the items received oldest order first, whatever the ids', () => {
    const picture = withOrders(
      completed(9, 100, 30, 'muffin'),
      completed(1, 100, 0, 'bread'),
      completed(5, 100, 10, 'donut'),
    );
    expect(viewPicture(picture, 'AUD').itemsReceived.map((item) => item.productId)).toEqual([
      'bread',
      'donut',
      'muffin',
    ]);
  });

  it('takes the last order by placement time, not by when it settled', () => {
    const early = completed(1, 100, 0);
    const picture = withOrders(
      { ...early, fate: { ...early.fate, at: t(90) } },
      { id: id(2), placedAt: t(10), fate: { status: 'rejected', at: t(11), reason: 'invalid-order' } },
    );
    expect(viewPicture(picture, 'AUD').orders.last).toEqual({
      id: id(2),
      status: 'rejected',
      reason: 'invalid-order',
      placedAt: t(10),
      updatedAt: t(11),
    });
  });

  it('places an order whose order.placed has not arrived by the time of what is known of it', () => {
    const picture = withOrders(completed(1, 100, 0), {
      id: id(2),
      fate: { status: 'cancelled', at: t(20), reason: 'payment-declined' },
    });
    expect(viewPicture(picture, 'AUD').orders.last).toMatchObject({
      id: id(2),
      placedAt: null,
      updatedAt: t(20),
    });
  });

  it('compares times as instants, not as text, whatever their offsets', () => {
    const picture = withOrders(
      {
        id: id(1),
        placedAt: '2026-12-01T10:00:00+11:00',
        fate: { status: 'placed', at: '2026-12-01T10:00:00+11:00' },
      },
      { id: id(2), placedAt: '2026-11-30T23:30:00Z', fate: { status: 'placed', at: '2026-11-30T23:30:00Z' } },
    );
    // 10:00 in Sydney is 23:00 UTC the day before, so the UTC one was placed last.
    expect(viewPicture(picture, 'AUD').orders.last?.id).toBe(id(2));
  });
});
