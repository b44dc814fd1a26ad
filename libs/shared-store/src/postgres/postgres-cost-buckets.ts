import type { Pool } from 'pg';
import { transaction } from './pg-transaction';
import type { BucketDraw, BucketDrawResult, CostBucketStore, RateLimit } from '@ledger/auth';

/** Its own table (the shared store's others are left as they are): one row per key that spent units. */
export const costBucketTable = (q: string) => `
CREATE TABLE IF NOT EXISTS ${q}ledger_cost_bucket (principal TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at_ms BIGINT NOT NULL);
`;

interface BucketRow {
  tokens: number;
  at_ms: string;
}

/**
 * Each key's token bucket in PostgreSQL, shared by every API instance. A draw or a charge locks the key's row
 * (SELECT ... FOR UPDATE in one transaction), refills it from its last use to the caller's clock, and changes it:
 * two instances never spend the same units. A key's row is created full on its first draw.
 */
export class PostgresCostBuckets implements CostBucketStore {
  constructor(
    private readonly pool: Pool,
    private readonly q: string,
  ) {}

  draw(principalId: string, draw: BucketDraw, rate: RateLimit): Promise<BucketDrawResult> {
    return this.withBucket<BucketDrawResult>(principalId, draw.now, rate, (tokens) => {
      const available = Math.min(rate.limit, tokens + draw.returned);
      if (available + 1e-9 < Math.min(draw.cost, rate.limit))
        return { tokens: available, result: { allowed: false, reserved: 0, tokens: available } };
      const afterCost = Math.max(-rate.limit, available - draw.cost);
      const reserved = Math.max(0, Math.min(draw.reserve, afterCost));
      return { tokens: afterCost - reserved, result: { allowed: true, reserved, tokens: afterCost - reserved } };
    });
  }

  async charge(principalId: string, cost: number, returned: number, now: number, rate: RateLimit): Promise<void> {
    await this.withBucket(principalId, now, rate, (tokens) => ({
      tokens: Math.max(-rate.limit, Math.min(rate.limit, tokens + returned) - cost),
      result: undefined,
    }));
  }

  private async withBucket<T>(
    principalId: string,
    now: number,
    rate: RateLimit,
    change: (tokens: number) => { tokens: number; result: T },
  ): Promise<T> {
    return transaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO ${this.q}ledger_cost_bucket (principal, tokens, at_ms) VALUES ($1, $2, $3) ON CONFLICT (principal) DO NOTHING`,
        [principalId, rate.limit, now],
      );
      const row = (
        await client.query<BucketRow>(`SELECT tokens, at_ms FROM ${this.q}ledger_cost_bucket WHERE principal = $1 FOR UPDATE`, [
          principalId,
        ])
      ).rows[0];
      const at = Number(row.at_ms);
      // Clocks of instances differ by a little: the bucket never refills for time it already counted.
      const refilled = Math.min(rate.limit, row.tokens + (Math.max(0, now - at) * rate.limit) / rate.windowMs);
      const { tokens, result } = change(refilled);
      await client.query(`UPDATE ${this.q}ledger_cost_bucket SET tokens = $2, at_ms = $3 WHERE principal = $1`, [
        principalId,
        tokens,
        Math.max(at, now),
      ]);
      return result;
    });
  }
}
