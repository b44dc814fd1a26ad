/** Per-principal budget of expensive reads: at most `limit` in any fixed window of `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export type RateDecision = { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAfterSeconds: number };

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
    if (window.used >= this.rate.limit) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.rate.windowMs - now) / 1000)) };
    window.used += 1;
    return { allowed: true, remaining: this.rate.limit - window.used };
  }

  private forgetExpired(now: number): void {
    for (const [id, window] of this.windows) if (now - window.start >= this.rate.windowMs) this.windows.delete(id);
  }
}
