import { Pool, type PoolClient } from 'pg';
import {
  type AggregateGroup,
  type AggregateSpec,
  type Checkpoint,
  CheckpointConflictError,
  type ContributionPageQuery,
  type ContributionRow,
  type FigureStore,
  type ProjectionBatch,
  KNOWN_BLOCK,
  type KnownSpan,
  type RollupLayout,
  buildTarget,
  figureOfTarget,
  isBuildTarget,
} from '../figure-store.port';
import { DERIVE_BUCKETS, deriveRollupStatements, type MonthSpan, monthSpanSql, PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { SLOT_TABLES } from '../sql/schema-version';
import { chunks, writePostgresBatch } from './postgres-batch-writes';
import { DERIVE_CONNECTIONS, deriveWaves, eachLimited } from './postgres-derive-waves';
import { aggregateSlot, contributionPageOfSlot } from './postgres-figure-reads';
import { POSTGRES_PACKED_ITEM_SQL } from './postgres-packed-items';
import { migratePostgresFigureStore } from './postgres-schema';

export interface PostgresFigureStoreOptions {
  /** postgres://user@host:port/database */
  readonly connectionString: string;
  /** Schema holding the figure tables (created if missing). Default: public. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** The tables answers read by range: their statistics decide between the primary key and the by-time index. */
const ANALYZED_TABLES = ['figure_contribution', 'figure_rollup', PACKED_ROLLUP_TABLE, 'figure_event', 'figure_known'];

/**
 * Figure store in PostgreSQL (production, `DATABASE_URL`). Values are NUMERIC: exact at any size. Text columns that
 * are compared or grouped use the "C" collation, so ordering is by code point as in SQLite and answers are the
 * same bytes on both stores.
 */
export class PostgresFigureStore implements FigureStore {
  private readonly pool: Pool;
  private readonly schema: string;

  constructor(options: PostgresFigureStoreOptions) {
    this.schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema))
      throw new Error(`figure store schema must be a plain lower-case identifier, got "${this.schema}"`);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 4,
      // No JIT: the planner's guess for a packed row's items (100 entries of 1,000 columns each) made a rebuild's
      // merges look costly enough to compile, and compiling took 640 ms of a 780 ms statement (measured at 20k events).
      options: `-c search_path=${this.schema} -c jit=off`,
    });
  }

  async init(): Promise<void> {
    await this.transaction((client) => migratePostgresFigureStore(client, this.schema));
    // Slots retired by a swap or reset that stopped before their rows were deleted.
    await this.purgeRetired();
  }

  /** The slot `name` (a figure, or a build target) writes to or answers from; undefined when it has none. */
  private async slotOf(client: Pick<PoolClient, 'query'>, name: string): Promise<number | undefined> {
    const { rows } = await client.query<{ slot: number }>('SELECT slot FROM figure_slot WHERE figure = $1 AND role = $2', [
      figureOfTarget(name),
      isBuildTarget(name) ? 'build' : 'live',
    ]);
    return rows[0]?.slot;
  }

  /** Inside a transaction: the slot of `name`, a fresh one when it has none yet. */
  private async slotFor(client: PoolClient, name: string): Promise<number> {
    const existing = await this.slotOf(client, name);
    if (existing !== undefined) return existing;
    // One slot allocator at a time (two builds starting together must not pick the same number).
    await client.query('SELECT pg_advisory_xact_lock(7340106)');
    const { rows } = await client.query<{ slot: number }>(
      'SELECT 1 + GREATEST(COALESCE((SELECT MAX(slot) FROM figure_slot), 0), COALESCE((SELECT MAX(slot) FROM figure_retired), 0)) AS slot',
    );
    await client.query('INSERT INTO figure_slot (figure, role, slot) VALUES ($1, $2, $3)', [
      figureOfTarget(name),
      isBuildTarget(name) ? 'build' : 'live',
      rows[0].slot,
    ]);
    return rows[0].slot;
  }

  /** Inside a transaction: `name` no longer has a slot; its rows are deleted by purgeRetired. */
  private async retire(client: PoolClient, name: string): Promise<void> {
    const slot = await this.slotOf(client, name);
    if (slot === undefined) return;
    await client.query('DELETE FROM figure_slot WHERE slot = $1', [slot]);
    await client.query('INSERT INTO figure_retired (slot) VALUES ($1) ON CONFLICT DO NOTHING', [slot]);
  }

  /** Deletes the rows of retired slots (no answer reads them any more). */
  private async purgeRetired(): Promise<void> {
    const { rows } = await this.pool.query<{ slot: number }>('SELECT slot FROM figure_retired ORDER BY slot');
    for (const { slot } of rows) {
      for (const table of SLOT_TABLES) await this.pool.query(`DELETE FROM ${table} WHERE slot = $1`, [slot]);
      await this.pool.query('DELETE FROM figure_retired WHERE slot = $1', [slot]);
    }
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const { rows } = await this.pool.query<{ figure: string; version: number; position: string; recorded_at: string; events: string }>(
      'SELECT figure, version, position, recorded_at, events FROM figure_checkpoint ORDER BY figure',
    );
    return rows.map((r) => ({
      figure: r.figure,
      version: r.version,
      position: Number(r.position),
      recordedAt: r.recorded_at,
      events: Number(r.events),
    }));
  }

  async loadEntities(figure: string, entities: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const slot = await this.slotOf(this.pool, figure);
    if (slot === undefined) return found;
    for (const chunk of chunks(entities)) {
      const { rows } = await this.pool.query<{ entity: string; state: string }>(
        'SELECT entity, state FROM figure_entity WHERE slot = $1 AND entity = ANY($2::text[])',
        [slot, chunk],
      );
      for (const row of rows) found.set(row.entity, row.state);
    }
    return found;
  }

  async commit(batch: ProjectionBatch): Promise<void> {
    await this.transaction(async (client) => {
      const figures = batch.checkpoints.map((c) => c.figure);
      const { rows } = await client.query<{ figure: string; position: string }>(
        'SELECT figure, position FROM figure_checkpoint WHERE figure = ANY($1::text[]) FOR UPDATE',
        [figures],
      );
      const actual = new Map(rows.map((r) => [r.figure, Number(r.position)]));
      for (const c of batch.checkpoints) {
        if ((actual.get(c.figure) ?? 0) !== c.expectedPosition)
          throw new CheckpointConflictError(c.figure, c.expectedPosition, actual.get(c.figure));
      }
      const slots = new Map<string, number>();
      for (const name of new Set([...batch.contributions, ...batch.rollups, ...batch.entities].map((row) => row.figure)))
        slots.set(name, await this.slotFor(client, name));
      const slot = (name: string) => slots.get(name)!;
      await writePostgresBatch(client, batch, slot);
      for (const c of batch.checkpoints) {
        await client.query(
          `INSERT INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (figure) DO UPDATE SET version = excluded.version, position = excluded.position, recorded_at = excluded.recorded_at, events = excluded.events`,
          [c.figure, c.version, c.position, c.recordedAt, c.events],
        );
      }
    });
  }

  async reset(figure: string, version: number): Promise<void> {
    await this.transaction(async (client) => {
      await this.retire(client, figure);
      await this.slotFor(client, figure);
      await client.query('DELETE FROM figure_checkpoint WHERE figure = $1', [figure]);
      await client.query("INSERT INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES ($1, $2, 0, '', 0)", [
        figure,
        version,
      ]);
    });
    await this.purgeRetired();
  }

  async beginBuild(figure: string, version: number): Promise<string> {
    if (!Number.isInteger(version) || version < 1) throw new Error(`figure version must be a positive integer, got ${version}`);
    const target = buildTarget(figure);
    await this.transaction(async (client) => {
      await this.retire(client, target);
      await this.slotFor(client, target);
    });
    await this.purgeRetired();
    return target;
  }

  /**
   * Derives the rollups range by range, DERIVE_BUCKETS position buckets each (see sql/rollup-derivation.ts; NUMERIC
   * sums are exact), running the independent statements of a range (a wave: postgres-derive-waves.ts) on
   * DERIVE_CONNECTIONS connections at once, every statement committed on its own: PostgreSQL runs a statement on one
   * core while the projector waits. Nothing reads a build's slot before finishBuild, and a derivation that stopped
   * half way is redone from the DELETE. Ranges stay one after the other: two ranges inserting the same grains at once
   * interleave in the rollup key and left its index 20% larger (split pages).
   */
  async deriveRollups(target: string, layout: RollupLayout): Promise<void> {
    const slot = await this.slotOf(this.pool, target);
    if (slot === undefined) throw new Error(`${target} has no slot: begin the build first`);
    const { buckets, overall } = deriveRollupStatements(
      slot,
      layout,
      (v) => `SUM(${v})`,
      (sql) => `(${sql})::int`,
      POSTGRES_PACKED_ITEM_SQL,
    );
    await this.pool.query('DELETE FROM figure_rollup WHERE slot = $1', [slot]);
    await this.pool.query(`DELETE FROM ${PACKED_ROLLUP_TABLE} WHERE slot = $1`, [slot]);
    const firstAtOrAfter = async (position: number) => {
      const { rows } = await this.pool.query<{ min: string | null }>(
        'SELECT MIN(position) AS min FROM figure_contribution WHERE slot = $1 AND position >= $2',
        [slot, position],
      );
      return rows[0].min === null ? null : Number(rows[0].min);
    };
    const run = async (sql: string) => {
      await this.pool.query(sql);
    };
    for (let next = await firstAtOrAfter(0); next !== null;) {
      const from = Math.floor(next / layout.bucketSize);
      const to = from + DERIVE_BUCKETS - 1;
      const span = await this.pool.query<MonthSpan>(
        monthSpanSql((n) => `$${n}`),
        [slot, from * layout.bucketSize, (to + 1) * layout.bucketSize - 1],
      );
      for (const wave of deriveWaves(buckets(from, to, span.rows[0]))) await eachLimited(wave, DERIVE_CONNECTIONS, run);
      next = await firstAtOrAfter((to + 1) * layout.bucketSize);
    }
    // Each of these reads the bucket rows of one grain (all derived now) and writes that grain over every bucket.
    // (Unsplit by period: PostgreSQL's I/O is asynchronous, so a long statement holds no event loop.)
    await eachLimited(
      overall.flatMap(({ statements }) => statements()),
      DERIVE_CONNECTIONS,
      run,
    );
  }

  async finishBuild(target: string, checkpoint: Checkpoint): Promise<void> {
    const figure = figureOfTarget(target);
    if (!isBuildTarget(target) || figure !== checkpoint.figure)
      throw new Error(`${target} is not the build target of figure ${checkpoint.figure}`);
    await this.transaction(async (client) => {
      const slot = await this.slotOf(client, target);
      if (slot === undefined) throw new Error(`figure ${figure} has no build to finish (another projector swapped or discarded it)`);
      await this.retire(client, figure);
      await client.query("UPDATE figure_slot SET role = 'live' WHERE slot = $1", [slot]);
      await client.query(
        `INSERT INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (figure) DO UPDATE SET version = excluded.version, position = excluded.position, recorded_at = excluded.recorded_at, events = excluded.events`,
        [figure, checkpoint.version, checkpoint.position, checkpoint.recordedAt, checkpoint.events],
      );
    });
    await this.purgeRetired();
    await this.analyzeIfStale();
  }

  /**
   * Planner statistics after a build. A build writes rows faster than autovacuum analyses them, and until it does the
   * planner takes the tables for nearly empty: a knownAt read right after a 20k-event rebuild scanned the by-time index
   * for 72 ms, and took 5 ms by the primary key once analysed. ANALYZE reads a bounded sample, so its cost does not
   * grow with the store; a table changed by less than a tenth since its last analysis is left to autovacuum.
   */
  private async analyzeIfStale(): Promise<void> {
    const { rows } = await this.pool.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname = ANY($1) AND n_mod_since_analyze > 0.1 * GREATEST(n_live_tup, 1000)`,
      [ANALYZED_TABLES],
    );
    for (const { relname } of rows) await this.pool.query(`ANALYZE ${relname}`);
  }

  async knownSpan(figure: string, knownBy: string): Promise<KnownSpan> {
    const blocks = await this.snapshot(async (client) => {
      const slot = await this.slotOf(client, figure);
      if (slot === undefined) return { below: null, upTo: null };
      const { rows } = await client.query<{ below: string | null; up_to: string | null }>(
        `SELECT (SELECT MIN(block) FROM figure_known WHERE slot = $1 AND latest > $2) AS below,
                (SELECT MAX(block) FROM figure_known WHERE slot = $1 AND earliest <= $2) AS up_to`,
        [slot, knownBy],
      );
      return { below: rows[0].below === null ? null : Number(rows[0].below), upTo: rows[0].up_to === null ? null : Number(rows[0].up_to) };
    });
    return {
      ...(blocks.below === null ? {} : { knownBelow: blocks.below * KNOWN_BLOCK }),
      ...(blocks.upTo === null ? {} : { knownUpTo: (blocks.upTo + 1) * KNOWN_BLOCK - 1 }),
    };
  }

  async aggregate(spec: AggregateSpec): Promise<AggregateGroup[]> {
    // The slot is read once; a swap that lands meanwhile leaves the old slot's rows until purgeRetired, which a
    // reader racing it may miss: read inside one REPEATABLE READ snapshot so the answer is one slot's, whole.
    return this.snapshot(async (client) => {
      const slot = await this.slotOf(client, spec.figure);
      return slot === undefined ? [] : aggregateSlot(client, spec, slot);
    });
  }

  async contributions(query: ContributionPageQuery): Promise<ContributionRow[]> {
    return this.snapshot(async (client) => {
      const slot = await this.slotOf(client, query.figure);
      return slot === undefined ? [] : contributionPageOfSlot(client, query, slot);
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Reads in one snapshot (the slot lookup and the sums see the same commit). */
  private snapshot<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
