import { dayReport } from './day-report';

describe('dayReport', () => {
  it('puts every baked item in exactly one bucket, per product, in the given product order', () => {
    const items = [
      { productId: 'donut', status: 'expired' as const },
      { productId: 'bread', status: 'sold' as const },
      { productId: 'bread', status: 'discarded' as const },
      { productId: 'bread', status: 'reserved' as const },
      { productId: 'bread', status: 'baked' as const },
      { productId: 'pie', status: 'sold' as const },
    ];
    expect(dayReport(['bread', 'donut', 'muffin'], items)).toEqual([
      { productId: 'bread', baked: 4, sold: 1, expired: 0, discarded: 1, onShelf: 2 },
      { productId: 'donut', baked: 1, sold: 0, expired: 1, discarded: 0, onShelf: 0 },
      { productId: 'muffin', baked: 0, sold: 0, expired: 0, discarded: 0, onShelf: 0 },
    ]);
  });
});
