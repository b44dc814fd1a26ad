import { CostLimiter } from './rate-limit';

describe('CostLimiter (token bucket charged by cost)', () => {
  it('lets a key spend its budget in any mix of costs, then refills at the budget per window', () => {
    let now = 0;
    const limiter = new CostLimiter({ limit: 10, windowMs: 10_000 }, () => now);
    expect(limiter.take('a', 6)).toEqual({ allowed: true, remaining: 4 });
    expect(limiter.take('a', 0.5)).toEqual({ allowed: true, remaining: 3 });
    expect(limiter.take('a', 4)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b', 10)).toEqual({ allowed: true, remaining: 0 });
    now = 500; // 0.5 units back: 4 in the bucket
    expect(limiter.take('a', 4)).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.take('a', 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('makes a call dearer than the budget wait for a full bucket, and a charge after the work puts the key in debt', () => {
    let now = 0;
    const limiter = new CostLimiter({ limit: 10, windowMs: 10_000 }, () => now);
    expect(limiter.take('a', 50).allowed).toBe(true);
    limiter.charge('a', 30);
    // In debt down to one budget: -10 units, so 11 s until one unit is back.
    expect(limiter.take('a', 1)).toEqual({ allowed: false, retryAfterSeconds: 11 });
    now = 10_900;
    expect(limiter.take('a', 1).allowed).toBe(false);
    now = 11_000;
    expect(limiter.take('a', 1).allowed).toBe(true);
  });
});
