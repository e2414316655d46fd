import { FailureLimiter } from './failure-limiter';

describe('FailureLimiter', () => {
  let now = Date.parse('2026-12-01T09:00:00Z');
  const clock = { now: () => now };
  const limiter = () => new FailureLimiter({ maxFailures: 3, windowMs: 60_000 }, clock);

  it('allows attempts until the limit, then says how long to wait', () => {
    const l = limiter();
    l.recordFailure('sam');
    now += 10_000;
    l.recordFailure('sam');
    expect(l.retryAfterSeconds('sam')).toBe(0);
    now += 10_000;
    l.recordFailure('sam');
    // The first failure leaves the window 60 s after it: 40 s from now.
    expect(l.retryAfterSeconds('sam')).toBe(40);
    expect(l.retryAfterSeconds('ada')).toBe(0);
  });

  it('frees the key once the oldest failures leave the window', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('sam');
    now += 60_001;
    expect(l.retryAfterSeconds('sam')).toBe(0);
  });

  it('never answers less than a second while locked', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('sam');
    now += 59_999;
    expect(l.retryAfterSeconds('sam')).toBe(1);
  });
});
