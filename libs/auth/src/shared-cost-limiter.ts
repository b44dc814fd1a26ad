import { billableUnits, CostLimiter, type CostBudget, type RateDecision, type RateLimit } from './rate-limit';

/** What a draw on a shared bucket asks, all in cost units (see `CostBucketStore.draw`). */
export interface BucketDraw {
  /** Units handed back first: what the instance held and did not spend. */
  readonly returned: number;
  /** The call's cost: taken when the bucket holds `min(cost, limit)` (a dearer call waits for a full bucket). */
  readonly cost: number;
  /** Units to hold besides, at most what the bucket has left after the cost (never into debt). */
  readonly reserve: number;
  /** The instance's clock (ms): the bucket refills from its last use to this, never backwards. */
  readonly now: number;
}

export interface BucketDrawResult {
  readonly allowed: boolean;
  /** Units reserved for the instance (0 when refused). */
  readonly reserved: number;
  /** Units left in the shared bucket after the draw. */
  readonly tokens: number;
}

/**
 * One token bucket per key, shared by every API instance (the shared store's table). Each operation is atomic:
 * refill to `now` at the rate, then change the bucket, so N instances draw on one budget, not N.
 */
export interface CostBucketStore {
  draw(principalId: string, draw: BucketDraw, rate: RateLimit): Promise<BucketDrawResult>;
  /** Takes `cost` units after the work (down to minus one budget) and hands back `returned`. */
  charge(principalId: string, cost: number, returned: number, now: number, rate: RateLimit): Promise<void>;
}

export interface SharedCostLimiterOptions {
  /** How long units drawn ahead stay with this instance before they go back (default 1000 ms). */
  readonly leaseMs?: number;
  /** Units drawn ahead per trip to the store, as a share of the budget (default 1/20). */
  readonly reserveShare?: number;
  /** Told when the store fails; the call is then counted by this process's own bucket. */
  readonly onStoreError?: (error: Error) => void;
}

interface Holding {
  units: number;
  expiresAt: number;
  /** Trips to the store for this key run one at a time. */
  queue: Promise<unknown>;
}

/**
 * The cost budget shared across API instances. A trip to the store per call would put PostgreSQL on every read, so
 * an instance draws a little ahead (a twentieth of the budget by default) and spends it locally for up to a
 * lease (1 s); what it did not spend goes back with its next draw. Units are only ever moved from the one bucket,
 * so all instances together spend at most the budget plus its refill; the cost of sharing is that units one
 * instance holds are not available to another for up to a lease. When the store fails, the call is counted by a
 * bucket of this process alone (the per-process budget of before), so a store outage never stops reads.
 */
export class SharedCostLimiter implements CostBudget {
  private readonly holdings = new Map<string, Holding>();
  private readonly fallback: CostLimiter;
  private readonly leaseMs: number;
  private readonly reserve: number;

  constructor(
    private readonly store: CostBucketStore,
    private readonly rate: RateLimit,
    private readonly now: () => number,
    private readonly options: SharedCostLimiterOptions = {},
  ) {
    this.fallback = new CostLimiter(rate, now);
    this.leaseMs = options.leaseMs ?? 1000;
    this.reserve = rate.limit * (options.reserveShare ?? 1 / 20);
  }

  take(principalId: string, requested: number): Promise<RateDecision> {
    const cost = billableUnits(requested, this.rate.limit);
    const holding = this.holding(principalId);
    return this.serialised(holding, () => this.takeHeld(principalId, holding, cost));
  }

  /** Adds a cost found after the work: to the shared bucket at once, so every instance sees the debt. */
  charge(principalId: string, found: number): void {
    const cost = billableUnits(found, this.rate.limit);
    const holding = this.holding(principalId);
    void this.serialised(holding, async () => {
      const returned = this.release(holding);
      try {
        await this.store.charge(principalId, cost, returned, this.now(), this.rate);
      } catch (error) {
        this.options.onStoreError?.(error as Error);
        this.fallback.charge(principalId, cost);
      }
    });
  }

  private async takeHeld(principalId: string, holding: Holding, cost: number): Promise<RateDecision> {
    const now = this.now();
    if (now < holding.expiresAt && holding.units + 1e-9 >= cost) {
      holding.units -= cost;
      return { allowed: true, remaining: Math.floor(holding.units) };
    }
    const returned = this.release(holding);
    let result: BucketDrawResult;
    try {
      result = await this.store.draw(principalId, { returned, cost, reserve: this.reserve, now }, this.rate);
    } catch (error) {
      this.options.onStoreError?.(error as Error);
      return this.fallback.take(principalId, cost);
    }
    if (!result.allowed) {
      const needed = Math.min(cost, this.rate.limit);
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(((needed - result.tokens) * this.rate.windowMs) / this.rate.limit / 1000)),
      };
    }
    holding.units = result.reserved;
    holding.expiresAt = now + this.leaseMs;
    return { allowed: true, remaining: Math.max(0, Math.floor(result.tokens + result.reserved)) };
  }

  /** Hands the held units back (they go with the next trip to the store). */
  private release(holding: Holding): number {
    const units = Math.max(0, holding.units);
    holding.units = 0;
    holding.expiresAt = 0;
    return units;
  }

  private holding(principalId: string): Holding {
    let holding = this.holdings.get(principalId);
    if (holding === undefined) {
      holding = { units: 0, expiresAt: 0, queue: Promise.resolve() };
      this.holdings.set(principalId, holding);
      if (this.holdings.size > 10_000) this.forgetIdle();
    }
    return holding;
  }

  private serialised<T>(holding: Holding, work: () => Promise<T>): Promise<T> {
    const next = holding.queue.then(work, work);
    holding.queue = next.catch(() => undefined);
    return next;
  }

  /** Keys holding nothing carry no state worth keeping (units held past their lease are lost to the bucket's refill). */
  private forgetIdle(): void {
    const now = this.now();
    for (const [id, holding] of this.holdings) if (holding.units <= 0 || now >= holding.expiresAt) this.holdings.delete(id);
  }
}
