import { Pool } from 'pg';
import type { EventIdRegistry } from '@ledger/event-store';

export interface PostgresEventIdRegistryOptions {
  /** postgres://user@host:port/database (DATABASE_URL). */
  readonly connectionString: string;
  /** Schema of the table (created if missing); default public. */
  readonly schema?: string;
}

/** An event of the log whose id is claimed for another stream. */
export interface RepeatedEventId {
  readonly eventId: string;
  readonly stream: string;
  readonly claimedFor: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** The ledger's advisory lock space ('LDGR'), as in postgres-shared-store.ts. */
const LOCK_SPACE = 0x4c444752;

/**
 * Every event id any ledger process appended to EventStoreDB, with its stream: the primary key makes an id live in
 * one stream only, across every API instance and CLI process (EventStoreDB itself keeps no index of ids across
 * streams). An id is claimed before the append that carries it is sent, and stays claimed when that append then
 * fails: a retry of the same events (same stream) is still recognised, while the id can never go to another stream.
 */
export class PostgresEventIdRegistry implements EventIdRegistry {
  private readonly pool: Pool;
  private readonly table: string;
  private ready?: Promise<void>;
  private readonly pending: {
    readonly stream: string;
    readonly eventIds: readonly string[];
    readonly resolve: (claimed: ReadonlyMap<string, string>) => void;
    readonly reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly options: PostgresEventIdRegistryOptions) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
      throw new Error(`schema ${options.schema} must be a plain lower-case SQL name`);
    this.table = `${options.schema === undefined ? '' : `"${options.schema}".`}ledger_event_id`;
    this.pool = new Pool({ connectionString: options.connectionString, max: 4 });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /**
   * Claims made in the same turn of the event loop go to PostgreSQL as one statement (concurrent appends share a
   * round trip). An id two of them claim goes to the first; the second learns that stream.
   */
  claim(stream: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ stream, eventIds, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      await this.createTable();
      const firstClaim = new Map<string, number>();
      batch.forEach((claim, i) => claim.eventIds.forEach((id) => firstClaim.has(id) || firstClaim.set(id, i)));
      const ids = [...firstClaim.keys()];
      const inserted = await this.pool.query<{ event_id: string }>(
        `INSERT INTO ${this.table} (event_id, stream) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id::text`,
        [ids, ids.map((id) => batch[firstClaim.get(id)!].stream)],
      );
      const mine = new Set(inserted.rows.map((r) => r.event_id));
      const taken = ids.filter((id) => !mine.has(id));
      // A statement of its own: ON CONFLICT waited for the claim that won, so a new snapshot sees it.
      const owners =
        taken.length === 0
          ? new Map<string, string>()
          : new Map(
              (
                await this.pool.query<{ event_id: string; stream: string }>(
                  `SELECT event_id::text, stream FROM ${this.table} WHERE event_id = ANY($1::uuid[])`,
                  [taken],
                )
              ).rows.map((r) => [r.event_id, r.stream]),
            );
      batch.forEach((claim, i) => {
        const claimed = new Map<string, string>();
        for (const id of claim.eventIds) {
          const first = firstClaim.get(id)!;
          // Another process's claim from before this statement wins over the batch's first claim.
          const owner = mine.has(id) ? batch[first].stream : (owners.get(id) ?? batch[first].stream);
          if (first !== i || !mine.has(id)) claimed.set(id, owner);
        }
        claim.resolve(claimed);
      });
    } catch (error) {
      for (const claim of batch) claim.reject(error);
    }
  }

  /**
   * Claims each logged event's id for its stream (a log written before the registry existed, or by a process
   * without it) and returns the events whose id is claimed for another stream: one id in two streams.
   */
  async claimLogged(events: readonly { readonly eventId: string; readonly stream: string }[]): Promise<RepeatedEventId[]> {
    if (events.length === 0) return [];
    await this.createTable();
    await this.pool.query(
      `INSERT INTO ${this.table} (event_id, stream) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (event_id) DO NOTHING`,
      [events.map((e) => e.eventId), events.map((e) => e.stream)],
    );
    const owners = await this.pool.query<{ event_id: string; stream: string }>(
      `SELECT event_id::text, stream FROM ${this.table} WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.eventId)],
    );
    const ownerOf = new Map(owners.rows.map((r) => [r.event_id, r.stream]));
    return events.flatMap((e) => {
      const claimedFor = ownerOf.get(e.eventId.toLowerCase());
      return claimedFor !== undefined && claimedFor !== e.stream ? [{ eventId: e.eventId, stream: e.stream, claimedFor }] : [];
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private createTable(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        // The lock the shared store creates its tables under: two processes starting at once must not race.
        await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_SPACE]);
        if (this.options.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.options.schema}"`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (event_id UUID PRIMARY KEY, stream TEXT NOT NULL)`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
