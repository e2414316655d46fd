import type { Clock } from '../../shared/clock';
import type { ProductConfig } from '../../shared/config';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import type { ProductionStore } from './production-store';

/** What production's functions are built from; created once in register(). */
export interface ProductionDependencies {
  production(): Promise<ProductionStore>;
  clock: Clock;
  calendar: BakeryCalendar;
  /** The product types from the bakery's configuration: the ones production bakes. */
  products: readonly ProductConfig[];
}
