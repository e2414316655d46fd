import type { Clock } from '../../shared/clock';
import type { SalesConfig } from '../../shared/config';
import type { Container } from '../../shared/store/port';

/** What the sales service's functions are built from (taken from the ServiceContext once, in index.ts). */
export interface SalesDependencies {
  container: () => Promise<Container>;
  /** The bakery clock: when orders are placed and change. */
  clock: Clock;
  limits: SalesConfig;
  /** The configured products: on sale from the start (menu-item.changed adds or renames). */
  seedProducts: ReadonlyArray<{ id: string; name: string }>;
  /** A fresh order id (a random UUID). */
  newId: () => string;
}
