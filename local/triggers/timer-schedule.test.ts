import { ncrontab } from './timer-trigger';

describe('NCRONTAB schedules', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = savedTz;
  });

  it.each(['Australia/Sydney', 'Europe/Berlin', 'America/New_York'])(
    'an every-minute UTC schedule has no gap when the machine (TZ=%s) changes daylight-saving time',
    (zone) => {
      process.env.TZ = zone;
      const cron = ncrontab('tick', '0 * * * * *', 'UTC');
      const gaps: string[] = [];
      let t = Date.parse('2026-01-01T00:00:00Z');
      const end = Date.parse('2027-01-01T00:00:00Z');
      while (t < end) {
        const next = cron.nextRun(new Date(t))!.getTime();
        if (next - t !== 60_000) gaps.push(new Date(t).toISOString());
        t = next;
      }
      expect(gaps).toEqual([]);
    },
  );

  it('refuses five-field and malformed schedules, naming the function', () => {
    expect(() => ncrontab('bake', '* * * * *', 'UTC')).toThrow('Function "bake": schedule "* * * * *" must have six fields');
    expect(() => ncrontab('bake', '0 99 * * * *', 'UTC')).toThrow(/Function "bake": invalid schedule/);
  });
});
