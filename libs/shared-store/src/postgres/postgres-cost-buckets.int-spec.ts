import { CostLimiter, SharedCostLimiter, type CostBucketStore } from '@ledger/auth';
import { PostgresSharedStore } from './postgres-shared-store';
import { dropPostgresSchemas } from '@ledger/test-support';

// PostgreSQL runs on the build machines; the suite gets a schema of its own, dropped after.
const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `cost_buckets_test_${process.pid}`;
const rate = { limit: 10, windowMs: 10_000 };

/** Two API instances' limiters over one PostgreSQL database: one budget per key, not one per instance. */
describe('SharedCostLimiter over PostgresCostBuckets', () => {
  let first: PostgresSharedStore;
  let second: PostgresSharedStore;
  let now = 1_000_000;
  let keys = 0;
  const key = () => `apikey:cost-test-${++keys}`;
  const clock = () => now;

  beforeAll(async () => {
    first = await PostgresSharedStore.open({ connectionString, schema, clock: () => new Date(now).toISOString() });
    second = await PostgresSharedStore.open({ connectionString, schema, clock: () => new Date(now).toISOString() });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await dropPostgresSchemas(connectionString, schema);
  });

  it('gives two instances one budget (per-process buckets gave each its own)', async () => {
    const a = new SharedCostLimiter(first.costBuckets, rate, clock, { reserveShare: 0 });
    const b = new SharedCostLimiter(second.costBuckets, rate, clock, { reserveShare: 0 });
    const id = key();
    let allowed = 0;
    for (let i = 0; i < 20; i++) if ((await (i % 2 === 0 ? a : b).take(id, 1)).allowed) allowed++;
    expect(allowed).toBe(10);
    const refused = await b.take(id, 1);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });

    // What the budget was before: each process its own bucket, 20 calls for two instances.
    const [ownA, ownB] = [new CostLimiter(rate, clock), new CostLimiter(rate, clock)];
    let perProcess = 0;
    for (let i = 0; i < 20; i++) if ((i % 2 === 0 ? ownA : ownB).take('k', 1).allowed) perProcess++;
    expect(perProcess).toBe(20);

    // The shared bucket refills at the rate, for both.
    now += 2000;
    expect((await a.take(id, 1)).allowed).toBe(true);
    expect((await b.take(id, 1)).allowed).toBe(true);
    expect((await a.take(id, 1)).allowed).toBe(false);
  });

  it('never spends the same units twice when both instances draw at once', async () => {
    const a = new SharedCostLimiter(first.costBuckets, rate, clock, { reserveShare: 0 });
    const b = new SharedCostLimiter(second.costBuckets, rate, clock, { reserveShare: 0 });
    const id = key();
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).take(id, 0.5)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
  });

  it('draws ahead so most calls do not reach PostgreSQL, and hands back what it did not spend', async () => {
    const draws: number[] = [];
    const counted = (store: CostBucketStore): CostBucketStore => ({
      draw: (id, draw, r) => {
        draws.push(draw.returned);
        return store.draw(id, draw, r);
      },
      charge: (...args) => store.charge(...args),
    });
    const budget = { limit: 60, windowMs: 60_000 };
    const a = new SharedCostLimiter(counted(first.costBuckets), budget, clock, { leaseMs: 1000 });
    const b = new SharedCostLimiter(second.costBuckets, budget, clock, { leaseMs: 1000 });
    const id = key();
    // 100 figure answers at 0.02: the first draw takes 0.02 and holds 3 (a twentieth of 60), enough for the other 99.
    for (let i = 0; i < 100; i++) expect((await a.take(id, 0.02)).allowed).toBe(true);
    expect(draws.length).toBe(1);
    // The rest is the other instance's to spend: 60 - 0.02 - 3 held by a = 56.98.
    expect((await b.take(id, 55)).allowed).toBe(true);
    expect((await b.take(id, 3)).allowed).toBe(false);
    // Once its lease is over, a hands back what it did not spend (3 - 99 x 0.02) with its next draw.
    now += 1001;
    expect((await a.take(id, 0.02)).allowed).toBe(true);
    expect(draws).toHaveLength(2);
    expect(draws[1]).toBeCloseTo(1.02, 5);
  });

  it('puts a cost found after the work on the shared bucket, so the other instance waits too', async () => {
    const a = new SharedCostLimiter(first.costBuckets, rate, clock, { reserveShare: 0 });
    const b = new SharedCostLimiter(second.costBuckets, rate, clock, { reserveShare: 0 });
    const id = key();
    expect((await a.take(id, 1)).allowed).toBe(true);
    a.charge(id, 19);
    // The charge is queued behind a's trips: a's next call waits for it.
    await a.take(id, 0);
    // 10 - 1 - 19 = -10: 11 s until one unit is back, on either instance.
    expect(await b.take(id, 1)).toEqual({ allowed: false, retryAfterSeconds: 11 });
    now += 11_000;
    expect((await b.take(id, 1)).allowed).toBe(true);
  });

  it('counts in this process alone while the store fails, and says so', async () => {
    const failing: CostBucketStore = {
      draw: () => Promise.reject(new Error('connection refused')),
      charge: () => Promise.reject(new Error('connection refused')),
    };
    const errors: string[] = [];
    const a = new SharedCostLimiter(failing, rate, clock, { onStoreError: (error) => errors.push(error.message) });
    const id = key();
    let allowed = 0;
    for (let i = 0; i < 12; i++) if ((await a.take(id, 1)).allowed) allowed++;
    expect(allowed).toBe(10);
    expect(errors[0]).toBe('connection refused');
  });
});
