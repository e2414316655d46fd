import { offsetMs, parseZonedTime } from './zoned-time';

/**
 * The bakery's days in its own time zone: when it opens and when it closes. All inputs and outputs
 * are epoch milliseconds; "day" is the bakery-local date YYYY-MM-DD. (The closing discount is the
 * menu's rule, in functions/menu/closing-discount.ts.)
 */
export interface OpeningHours {
  timeZone: string;
  /** Local wall time "HH:MM". */
  opensAt: string;
  closesAt: string;
}

export class BakeryCalendar {
  constructor(readonly hours: OpeningHours) {}

  /** The calendar of a bakery configuration (bakery.config.json). */
  static of({ timeZone, opensAt, closesAt }: OpeningHours): BakeryCalendar {
    return new BakeryCalendar({ timeZone, opensAt, closesAt });
  }

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

  isOpen(t: number): boolean {
    const day = this.dayOf(t);
    return t >= this.opening(day) && t < this.closing(day);
  }

  /** The local day after `day`. */
  static nextDay(day: string): string {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }
}
