import { offsetMs, parseZonedTime } from './zoned-time';

/**
 * The bakery's days in its own time zone: when it opens, when it closes, when the closing discount
 * starts. All inputs and outputs are epoch milliseconds; "day" is the bakery-local date YYYY-MM-DD.
 */
export interface OpeningHours {
  timeZone: string;
  /** Local wall time "HH:MM". */
  opensAt: string;
  closesAt: string;
  /** Minutes before closing when the closing discount starts. */
  discountMinutesBeforeClose: number;
}

export class BakeryCalendar {
  constructor(readonly hours: OpeningHours) {}

  /** Bakery-local date of instant `t`. */
  dayOf(t: number): string {
    return new Date(t + offsetMs(t, this.hours.timeZone)).toISOString().slice(0, 10);
  }

  /** Bakery-local wall time "YYYY-MM-DDTHH:MM" of instant `t`. */
  localTime(t: number): string {
    return new Date(t + offsetMs(t, this.hours.timeZone)).toISOString().slice(0, 16);
  }

  opening(day: string): number {
    return parseZonedTime(`${day}T${this.hours.opensAt}`, this.hours.timeZone);
  }

  closing(day: string): number {
    return parseZonedTime(`${day}T${this.hours.closesAt}`, this.hours.timeZone);
  }

  discountStart(day: string): number {
    return this.closing(day) - this.hours.discountMinutesBeforeClose * 60_000;
  }

  isOpen(t: number): boolean {
    const day = this.dayOf(t);
    return t >= this.opening(day) && t < this.closing(day);
  }

  /** True from the discount start (inclusive) to closing (exclusive). */
  isDiscounted(t: number): boolean {
    const day = this.dayOf(t);
    return t >= this.discountStart(day) && t < this.closing(day);
  }

  /** The local day after `day`. */
  static nextDay(day: string): string {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }
}
