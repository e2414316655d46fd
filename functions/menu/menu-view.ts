import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { sellableAt, type StockLevel } from './availability';
import type { CatalogItem } from './catalog';
import type { WindowState } from './discount-window';
import { priceNow, type ClosingDiscount, type Money } from './closing-discount';
import { toIso } from '../../shared/clock';
import { assertNever } from '../../shared/assert-never';

/**
 * GET /api/menu, computed for one instant. Everything time-dependent (open, discount, what has
 * expired) comes from `now` and the calendar, never from when a timer last ran, so the answer is
 * exact at any instant. The menu describes the bakery day `now` falls in (bakery-local date).
 */
export interface MenuLine {
  productId: string;
  name: string;
  description: string;
  price: Money;
  currentPrice: Money;
  discounted: boolean;
  available: number;
  closingDiscountPercent: number;
}

export interface MenuView {
  asOf: string;
  day: string;
  open: boolean;
  opensAt: string;
  closesAt: string;
  discountWindow: { startsAt: string; endsAt: string; startedAt?: string; endedAt?: string };
  items: MenuLine[];
}

export interface MenuInputs {
  /** Catalog items in the order the menu lists them (the bakery configuration's order). */
  items: CatalogItem[];
  stock: ReadonlyMap<string, StockLevel>;
  /** The audit record of today's window, if the timer has seen it. */
  window: WindowState | undefined;
  calendar: BakeryCalendar;
  discount: ClosingDiscount;
  now: number;
}

export function buildMenu({ items, stock, window, calendar, discount, now }: MenuInputs): MenuView {
  const day = calendar.dayOf(now);
  const open = calendar.isOpen(now);
  const inWindow = discount.isOn(now);
  const times = discount.window(day);
  return {
    asOf: toIso(now),
    day,
    open,
    opensAt: toIso(calendar.opening(day)),
    closesAt: toIso(calendar.closing(day)),
    discountWindow: { startsAt: toIso(times.startsAt), endsAt: toIso(times.endsAt), ...windowAudit(window) },
    items: items.map((item) => ({
      productId: item.productId,
      name: item.name,
      description: item.description,
      price: item.price,
      ...priceNow(item.price, item.closingDiscountPercent, inWindow),
      // A closed shop sells nothing, whatever is still on the shelves.
      available: open ? sellableAt(stock.get(item.productId), now) : 0,
      closingDiscountPercent: item.closingDiscountPercent,
    })),
  };
}

function windowAudit(window: WindowState | undefined): { startedAt?: string; endedAt?: string } {
  if (!window) return {};
  switch (window.status) {
    case 'started':
      return { startedAt: window.startedAt };
    case 'ended':
      return { startedAt: window.startedAt, endedAt: window.endedAt };
    default:
      return assertNever(window, 'unknown window state');
  }
}
