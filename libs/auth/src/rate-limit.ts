/** Per-principal budget of expensive reads: at most `limit` in any fixed window of `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export type RateDecision =
  { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Fixed-window counter per principal. Small and in-process on purpose: one API process serves the embedded ledger,
 * and the budget protects that process's store from one key's bulk reads.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number,
  ) {}

  take(principalId: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(principalId);
    if (!window || now - window.start >= this.rate.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(principalId, window);
      if (this.windows.size > 10_000) this.forgetExpired(now);
    }
    if (window.used >= this.rate.limit)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.rate.windowMs - now) / 1000)) };
    window.used += 1;
    return { allowed: true, remaining: this.rate.limit - window.used };
  }

  private forgetExpired(now: number): void {
    for (const [id, window] of this.windows) if (now - window.start >= this.rate.windowMs) this.windows.delete(id);
  }
}

/**
 * The units a cost spends: a cost that is not a number (a bug upstream, e.g. a count that was undefined) spends the
 * whole budget instead of nothing, because NaN compares false with everything and would let every later call of the
 * key through (and, in PostgreSQL, stay in its row); a negative cost spends nothing rather than refilling the bucket.
 */
export function billableUnits(cost: number, limit: number): number {
  if (Number.isNaN(cost)) return limit;
  return Math.max(0, cost);
}

/** Each key's budget of cost units, as the API spends it: in this process, or shared by every instance. */
export interface CostBudget {
  take(principalId: string, cost: number): RateDecision | Promise<RateDecision>;
  charge(principalId: string, cost: number): void;
}

/**
 * Token bucket per principal, charged by cost: a bucket holds at most `limit` units and refills at `limit` per
 * `windowMs`, so a key can spend a window's budget in a burst and then goes at the refill rate. A call costs units
 * in proportion to the work it asks for (an ordinary expensive read is 1); `charge` adds what a call turned out to
 * cost once it is known (the bucket may go into debt, down to minus one window's budget), and later calls wait.
 */
export class CostLimiter implements CostBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number,
  ) {
    this.perMs = rate.limit / rate.windowMs;
  }

  /** Spends `cost` units if the bucket holds them. A call dearer than the whole budget waits for a full bucket. */
  take(principalId: string, requested: number): RateDecision {
    const cost = billableUnits(requested, this.rate.limit);
    const bucket = this.refilled(principalId);
    const needed = Math.min(cost, this.rate.limit);
    if (bucket.tokens + 1e-9 < needed)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / this.perMs / 1000)) };
    bucket.tokens = Math.max(-this.rate.limit, bucket.tokens - cost);
    return { allowed: true, remaining: Math.max(0, Math.floor(bucket.tokens)) };
  }

  /** Adds a cost found after the work (e.g. the figure answers a restatements list needed). */
  charge(principalId: string, cost: number): void {
    const bucket = this.refilled(principalId);
    bucket.tokens = Math.max(-this.rate.limit, bucket.tokens - billableUnits(cost, this.rate.limit));
  }

  private refilled(principalId: string): { tokens: number; at: number } {
    const now = this.now();
    let bucket = this.buckets.get(principalId);
    if (bucket === undefined) {
      bucket = { tokens: this.rate.limit, at: now };
      this.buckets.set(principalId, bucket);
      if (this.buckets.size > 10_000) this.forgetFull(now);
    }
    bucket.tokens = Math.min(this.rate.limit, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  /** Full buckets carry no state worth keeping. */
  private forgetFull(now: number): void {
    for (const [id, bucket] of this.buckets) if (bucket.tokens + (now - bucket.at) * this.perMs >= this.rate.limit) this.buckets.delete(id);
  }
}
