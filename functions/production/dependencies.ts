import type { TokenVerifier } from '../../shared/auth';
import type { Clock } from '../../shared/clock';
import type { ProductConfig } from '../../shared/config';
import type { DocumentStore } from '../../shared/store/port';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { ProductionStore } from './production-store';

/** What production's functions are built from; created once in register(). */
export interface ProductionDependencies {
  /** Opens the container on first use (and again after a failed open). */
  production(): Promise<ProductionStore>;
  clock: Clock;
  calendar: BakeryCalendar;
  /** The product types from the bakery's configuration: the ones production bakes. */
  products: readonly ProductConfig[];
  verifier: TokenVerifier;
}

export function lazyProductionStore(store: DocumentStore): () => Promise<ProductionStore> {
  let opened: Promise<ProductionStore> | undefined;
  return () =>
    (opened ??= ProductionStore.open(store).catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
}
