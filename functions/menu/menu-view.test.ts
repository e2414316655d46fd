import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { seedItem } from './catalog';
import { ClosingDiscount } from './closing-discount';
import { buildMenu } from './menu-view';

const calendar = new BakeryCalendar({
  timeZone: 'Australia/Sydney',
  opensAt: '07:00',
  closesAt: '17:00',
});
const discount = new ClosingDiscount(calendar, 30);
const DISCOUNT_START = Date.parse('2026-12-01T05:30:00Z'); // 16:30 Sydney
const donut = seedItem(
  {
    id: 'donut',
    name: 'Cinnamon donut',
    description: '',
    price: 350,
    bakeEveryMinutes: 1,
    batchSize: 1,
    shelfLifeMinutes: 25,
    closingDiscountPercent: 40,
  },
  'AUD',
  0,
);
const stock = new Map([
  [
    'donut',
    {
      version: 1,
      asOf: '2026-12-01T05:00:00Z',
      expiries: [{ expiresAt: '2026-12-01T05:40:00.000Z', count: 2 }],
    },
  ],
]);

describe('buildMenu', () => {
  it('discounts from the clock alone, even before the timer has recorded the window', () => {
    const menu = buildMenu({
      items: [donut],
      stock,
      window: undefined,
      calendar,
      discount,
      now: DISCOUNT_START + 1,
    });
    expect(menu.items[0]).toMatchObject({
      currentPrice: { amount: 210, currency: 'AUD' },
      discounted: true,
      available: 2,
    });
    expect(menu.discountWindow).toEqual({
      startsAt: '2026-12-01T05:30:00.000Z',
      endsAt: '2026-12-01T06:00:00.000Z',
    });
  });

  it('does not discount before the window, whatever an (impossible) early record says', () => {
    const window = { status: 'started' as const, startedAt: '2026-12-01T05:00:00.000Z' };
    const menu = buildMenu({ items: [donut], stock, window, calendar, discount, now: DISCOUNT_START - 1 });
    expect(menu.items[0]).toMatchObject({
      currentPrice: { amount: 350, currency: 'AUD' },
      discounted: false,
    });
    expect(menu.discountWindow.startedAt).toBe('2026-12-01T05:00:00.000Z');
  });

  it('lists items in the order given and describes the bakery day of now', () => {
    const bread = { ...donut, productId: 'bread' };
    const menu = buildMenu({
      items: [bread, donut],
      stock,
      window: undefined,
      calendar,
      discount,
      now: Date.parse('2026-11-30T21:00:00Z'),
    });
    expect(menu.items.map((i) => i.productId)).toEqual(['bread', 'donut']);
    expect(menu).toMatchObject({
      day: '2026-12-01',
      open: true,
      opensAt: '2026-11-30T20:00:00.000Z',
      closesAt: '2026-12-01T06:00:00.000Z',
    });
  });
});
