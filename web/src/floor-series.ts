import type { DayReport, Takings } from './api';

/** One sample of the day so far, on the bakery clock (seconds since the epoch, as uPlot wants). */
export interface FloorSample {
  t: number;
  baked: number;
  sold: number;
  expired: number;
  discarded: number;
  /** Net takings in major units; null while the point of sale does not answer. */
  takings: number | null;
}

export function sampleOf(asOf: string, report: DayReport, takings: Takings | undefined): FloorSample {
  const sum = (key: 'baked' | 'sold' | 'expired' | 'discarded') =>
    report.products.reduce((n, p) => n + p[key], 0);
  return {
    t: Math.floor(Date.parse(asOf) / 1000),
    baked: sum('baked'),
    sold: sum('sold'),
    expired: sum('expired'),
    discarded: sum('discarded'),
    takings: takings ? takings.net.amount / 100 : null,
  };
}

/**
 * The series with a new sample: kept in time order, a sample that repeats the last one's figures
 * only moves time on (so a quiet hour is one flat line, not hundreds of points), at most `max` kept.
 */
export function addSample(series: readonly FloorSample[], sample: FloorSample, max = 2_000): FloorSample[] {
  const last = series[series.length - 1];
  if (last && sample.t < last.t) return [...series];
  const same =
    last &&
    last.baked === sample.baked &&
    last.sold === sample.sold &&
    last.expired === sample.expired &&
    last.discarded === sample.discarded &&
    last.takings === sample.takings;
  const before = series[series.length - 2];
  const next =
    same && before && sameFigures(before, last) ? [...series.slice(0, -1), sample] : [...series, sample];
  return next.slice(-max);
}

function sameFigures(a: FloorSample, b: FloorSample): boolean {
  return (
    a.baked === b.baked &&
    a.sold === b.sold &&
    a.expired === b.expired &&
    a.discarded === b.discarded &&
    a.takings === b.takings
  );
}
