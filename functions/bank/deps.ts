import type { Clock } from '../../shared/clock';
import type { Container } from '../../shared/store/port';
import type { BakeryCalendar } from '../../shared/time/bakery-calendar';
import type { BankLimits } from './ledger';
import type { KeyedSerializer } from './serial';

/** What bank's functions are built from (taken from the ServiceContext once, in index.ts). */
export interface BankDependencies {
  container: () => Promise<Container>;
  /** The bakery clock: when movements happened. */
  clock: Clock;
  currency: string;
  /** The bakery's days (the books' day totals). */
  calendar: BakeryCalendar;
  limits: BankLimits;
  /** One queue per account in this instance (serial.ts). */
  serial: KeyedSerializer;
  /** A fresh unique id (deposits' transaction ids). */
  newId: () => string;
}
