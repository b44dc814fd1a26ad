import { Client } from 'pg';
import type { Lease, LeaseStore } from '../lease';

/** First key of every advisory lock the ledger takes ('LDGR'), so it never meets another application's locks. */
export const LOCK_SPACE = 0x4c444752;

/** Session advisory locks, one connection per lease held. */
export class PostgresLeaseStore implements LeaseStore {
  private readonly held = new Set<Lease>();

  constructor(
    private readonly connectionString: string,
    /** Leases are per database; the schema keeps two ledgers in one database apart. */
    private readonly scope: string,
    private readonly heartbeatMs: number,
  ) {}

  async tryAcquire(name: string): Promise<Lease | undefined> {
    const client = new Client({ connectionString: this.connectionString, keepAlive: true });
    const lost = new AbortController();
    const drop = () => lost.abort(new Error(`lease ${name} lost: its PostgreSQL connection ended`));
    client.on('error', drop);
    client.on('end', drop);
    await client.connect();
    const key = `${this.scope}:${name}`;
    let ok = false;
    try {
      ok = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_SPACE, key])).rows[0].ok;
    } finally {
      if (!ok) await client.end().catch(() => undefined);
    }
    if (!ok) return undefined;
    // A connection can die without an 'end' (a half-open socket): ask it something every heartbeat.
    const beat = setInterval(() => {
      client.query('SELECT 1').catch(() => {
        drop();
        client.end().catch(() => undefined);
      });
    }, this.heartbeatMs);
    beat.unref();
    lost.signal.addEventListener('abort', () => clearInterval(beat), { once: true });
    const lease: Lease = {
      name,
      lost: lost.signal,
      release: async () => {
        this.held.delete(lease);
        clearInterval(beat);
        client.removeListener('end', drop);
        if (!lost.signal.aborted)
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, key]).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
    this.held.add(lease);
    return lease;
  }

  async close(): Promise<void> {
    for (const lease of [...this.held]) await lease.release();
  }
}
