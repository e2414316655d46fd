import type { Clock } from '../../shared/clock';
import type { ProductConfig } from '../../shared/config';
import type { Container } from '../../shared/store/port';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';

/** What pos's functions are built from (taken from the ServiceContext once, in index.ts). */
export interface PosDependencies {
  container: () => Promise<Container>;
  /** The bakery clock: when pos asked for a charge or a refund. */
  clock: Clock;
  calendar: BakeryCalendar;
  closingDiscountMinutes: number;
  currency: string;
  /** The configured products: version 0 of the price list. */
  products: readonly ProductConfig[];
}
