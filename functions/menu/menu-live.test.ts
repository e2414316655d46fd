import { discountedProducts, menuChanged } from './menu-live';
import type { MenuLine, MenuView } from './menu-view';

const aud = (amount: number) => ({ amount, currency: 'AUD' });
const line = (productId: string, closingDiscountPercent: number, available = 1): MenuLine => ({
  productId,
  name: productId,
  description: '',
  price: aud(500),
  currentPrice: aud(500),
  discounted: false,
  available,
  closingDiscountPercent,
});
const view: MenuView = {
  asOf: '2026-12-01T05:30:00.000Z',
  day: '2026-12-01',
  open: true,
  opensAt: '2026-11-30T20:00:00.000Z',
  closesAt: '2026-12-01T06:00:00.000Z',
  discountWindow: { startsAt: '2026-12-01T05:30:00.000Z', endsAt: '2026-12-01T06:00:00.000Z' },
  items: [line('bread', 50, 3), line('donut', 0), line('muffin', 25, 0)],
};

describe('menuChanged', () => {
  it('carries only the products asked for, in menu order, with the four fields of the contract', () => {
    expect(menuChanged(view, new Set(['muffin', 'bread']))).toEqual({
      type: 'menu.changed',
      asOf: view.asOf,
      items: [
        { productId: 'bread', available: 3, currentPrice: aud(500), discounted: false },
        { productId: 'muffin', available: 0, currentPrice: aud(500), discounted: false },
      ],
    });
  });

  it('is nothing at all when none of the products is on the menu', () => {
    expect(menuChanged(view, new Set(['cake']))).toBeUndefined();
    expect(menuChanged(view, new Set())).toBeUndefined();
  });
});

describe('discountedProducts', () => {
  it('are the products the closing discount moves: a 0 % discount moves none', () => {
    expect([...discountedProducts(view)]).toEqual(['bread', 'muffin']);
  });
});
