/**
 * Turns a wall-clock time in an IANA zone (`2026-12-01T06:55`) into epoch milliseconds. Strings
 * with an explicit offset or `Z` are taken as they are.
 */
export function parseZonedTime(text: string, timeZone: string): number {
  if (/([zZ]|[+-]\d{2}:?\d{2})$/.test(text)) {
    const t = Date.parse(text);
    if (Number.isNaN(t)) throw new Error(`"${text}" is not a date-time`);
    return t;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a local date-time like 2026-12-01T06:55`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // Try the offsets in force half a day either side (no zone changes twice within a day). A time
  // that happens twice (clocks go back) is its first occurrence; a time that never happens (clocks
  // go forward) moves forward by the gap, as a person would read it.
  const before = wall - offsetMs(wall - HALF_DAY, timeZone);
  const after = wall - offsetMs(wall + HALF_DAY, timeZone);
  const exact = [before, after].filter((t) => t + offsetMs(t, timeZone) === wall).sort((a, b) => a - b);
  return exact[0] ?? before;
}

const HALF_DAY = 12 * 3600_000;

/** Offset of `timeZone` from UTC at instant `t`, in milliseconds. */
export function offsetMs(t: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * Building an Intl.DateTimeFormat costs ~100x more than using one, and the bakery asks for the same
 * zone on every timer tick: keep one per zone (formatters are immutable, so sharing is safe).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
