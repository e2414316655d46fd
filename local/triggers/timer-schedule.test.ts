import { ncrontab } from './timer-trigger';

describe('NCRONTAB schedules', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = savedTz;
  });

  // The local dates of three zones' 2026 daylight-saving changes. croner 9 lost an hour of a UTC
  // schedule on those days (at the UTC hour numbered like the skipped local hour).
  it.each([
    ['Australia/Sydney', '2026-04-05'],
    ['Australia/Sydney', '2026-10-04'],
    ['Europe/Berlin', '2026-03-29'],
    ['Europe/Berlin', '2026-10-25'],
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
  ])(
    'an every-minute UTC schedule has no gap when the machine (TZ=%s) changes daylight-saving time at %s',
    (zone, change) => {
      process.env.TZ = zone;
      const cron = ncrontab('tick', '0 * * * * *', 'UTC');
      const gaps: string[] = [];
      let t = Date.parse(`${change}T00:00:00Z`) - 24 * 3600_000;
      const end = Date.parse(`${change}T00:00:00Z`) + 24 * 3600_000;
      while (t < end) {
        const next = cron.nextRun(new Date(t))!.getTime();
        if (next - t !== 60_000) gaps.push(new Date(t).toISOString());
        t = next;
      }
      expect(gaps).toEqual([]);
    },
  );

  it('refuses five-field and malformed schedules, naming the function', () => {
    expect(() => ncrontab('bake', '* * * * *', 'UTC')).toThrow(
      'Function "bake": schedule "* * * * *" must have six fields',
    );
    expect(() => ncrontab('bake', '0 99 * * * *', 'UTC')).toThrow(/Function "bake": invalid schedule/);
  });
});
