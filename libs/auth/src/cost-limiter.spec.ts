import { CostLimiter } from './rate-limit';
import { SharedCostLimiter, type BucketDraw, type CostBucketStore } from './shared-cost-limiter';

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

  it('spends the whole budget on a cost that is not a number and nothing on a negative one (NaN let every call through)', () => {
    const now = 0;
    const limiter = new CostLimiter({ limit: 10, windowMs: 10_000 }, () => now);
    expect(limiter.take('a', Number.NaN).allowed).toBe(true);
    expect(limiter.take('a', 0.5)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    limiter.charge('b', Number.NaN);
    expect(limiter.take('b', 0.5).allowed).toBe(false);
    expect(limiter.take('c', -50)).toEqual({ allowed: true, remaining: 10 });
    limiter.charge('c', -50);
    expect(limiter.take('c', 10).allowed).toBe(true);
    expect(limiter.take('c', 0.5).allowed).toBe(false);
  });

  it('asks the shared store for whole-budget units, never NaN, for a cost that is not a number', async () => {
    const draws: BucketDraw[] = [];
    const charges: number[] = [];
    const store: CostBucketStore = {
      draw: async (_id, draw) => (draws.push(draw), { allowed: true, reserved: 0, tokens: 0 }),
      charge: async (_id, cost) => void charges.push(cost),
    };
    const limiter = new SharedCostLimiter(store, { limit: 10, windowMs: 10_000 }, () => 0);
    await limiter.take('a', Number.NaN);
    limiter.charge('a', Number.NaN);
    limiter.charge('a', -3);
    await limiter.take('a', 1);
    expect(draws.map((d) => d.cost)).toEqual([10, 1]);
    expect(charges).toEqual([10, 0]);
  });
});
