import type { Container } from '../../shared/store/port';

/** What users' functions are built from (taken from the ServiceContext once, in index.ts). */
export interface UsersDependencies {
  container: () => Promise<Container>;
  /** The bakery's currency: what an empty `totalSpent` is counted in. */
  currency: string;
}
