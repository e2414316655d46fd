import type { Clock } from '../../shared/clock';
import type { BakeryConfig } from '../../shared/config';
import type { LivePublisher } from '../../shared/live/port';
import type { Container } from '../../shared/store/port';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import type { ClosingDiscount } from './closing-discount';

/** What menu's functions are built from (taken from the ServiceContext once, in index.ts). */
export interface MenuDependencies {
  container: () => Promise<Container>;
  clock: Clock;
  bakery: BakeryConfig;
  calendar: BakeryCalendar;
  discount: ClosingDiscount;
  /** Browsers' live menu (best effort: it never throws). */
  live: LivePublisher;
}
