import Database from 'better-sqlite3';
import type { Database as Connection, Statement } from 'better-sqlite3';
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
import { SQLITE_DERIVE_BUCKETS, deriveRollupStatements, type MonthSpan, monthSpanSql, PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { nextTurn } from '../event-loop-turns';
import { isIntegerOverflow, markWideFigures, registerExactFunctions } from './exact-values';
import { SqliteBatchWriter } from './sqlite-batch-writer';
import { SqliteFigureReader } from './sqlite-figure-reads';
import { registerPackedItemFunctions, SQLITE_PACKED_ITEM_SQL } from './packed-items';
import { migrateSqliteFigureStore } from './sqlite-schema';
import { SLOT_TABLES } from '../sql/schema-version';

export interface SqliteFigureStoreOptions {
  /** The database file (normally the events' file: figures live beside them), or ':memory:'. */
  readonly filename: string;
  /** How long a write waits for another connection's lock (the event store's appends) before failing. */
  readonly busyTimeoutMs?: number;
  /** Page cache of this connection. Rollup upserts land all over their B-tree: a big cache saves a re-read per
   *  upsert (about a quarter of rebuild time measured at 150k events). Default 128 MB. */
  readonly cacheSizeMb?: number;
  /** Page cache while a build is in progress (beginBuild to finishBuild). A build appends contributions in position
   *  order and derives the rollups in sorted passes (SQLite's sorter may take as much memory as the cache): a big
   *  cache adds to its peak memory, not its speed (measured the same CPU at 32 and 128 MB on the demo). Default 32 MB. */
  readonly buildCacheSizeMb?: number;
  /** Positions per block of the latest-known-time index (knownThrough); default KNOWN_BLOCK. Tests use small ones. */
  readonly knownBlock?: number;
}

/**
 * Figure store in SQLite. Values are exact at any size, like PostgreSQL's NUMERIC: one that fits SQLite's 64-bit
 * integers is stored as one and summed natively; a larger one, or a sum that would overflow, is stored as decimal
 * text and summed by exact functions (exact-values.ts), so every value the domain accepts, and any sum of them,
 * projects and answers exactly.
 */
export class SqliteFigureStore implements FigureStore {
  private readonly db: Connection;
  private readonly statements = new Map<string, Statement>();
  /** Set by the exact add when a sum left the 64-bit range during the current commit. */
  private readonly exact: { widened: boolean };
  private readonly knownBlock: number;
  private readonly writer: SqliteBatchWriter;
  private readonly reader: SqliteFigureReader;
  private readonly cacheSizeMb: number;
  private readonly buildCacheSizeMb: number;
  /** Build targets begun and not finished: while there is one, the page cache is the build's. */
  private readonly building = new Set<string>();

  constructor(options: SqliteFigureStoreOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    // The checkpoint commits with the rows it covers: losing the last commits on power loss re-projects them.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.cacheSizeMb = options.cacheSizeMb ?? 128;
    this.buildCacheSizeMb = options.buildCacheSizeMb ?? 32;
    this.setCacheSize();
    this.exact = registerExactFunctions(this.db);
    registerPackedItemFunctions(this.db);
    this.knownBlock = options.knownBlock ?? KNOWN_BLOCK;
    const prepare = (sql: string) => this.prepare(sql);
    this.writer = new SqliteBatchWriter(prepare, this.knownBlock);
    this.reader = new SqliteFigureReader(prepare);
  }

  /** The page cache for what the connection does now: a build's, or the usual one. */
  private setCacheSize(): void {
    this.db.pragma(`cache_size = ${-1024 * (this.building.size > 0 ? this.buildCacheSizeMb : this.cacheSizeMb)}`);
  }

  async init(): Promise<void> {
    migrateSqliteFigureStore(this.db);
    // Slots retired by a swap or reset that stopped before their rows were deleted.
    this.purgeRetired();
  }

  /** The slot `name` (a figure, or a build target) writes to or answers from; undefined when it has none. */
  private slotOf(name: string): number | undefined {
    return this.prepare('SELECT slot FROM figure_slot WHERE figure = ? AND role = ?')
      .pluck()
      .get(figureOfTarget(name), isBuildTarget(name) ? 'build' : 'live') as number | undefined;
  }

  /** Inside a transaction: the slot of `name`, a fresh one when it has none yet. */
  private slotFor(name: string): number {
    const existing = this.slotOf(name);
    if (existing !== undefined) return existing;
    const slot = this.prepare(
      'SELECT 1 + MAX(COALESCE((SELECT MAX(slot) FROM figure_slot), 0), COALESCE((SELECT MAX(slot) FROM figure_retired), 0))',
    )
      .pluck()
      .get() as number;
    this.prepare('INSERT INTO figure_slot (figure, role, slot) VALUES (?, ?, ?)').run(
      figureOfTarget(name),
      isBuildTarget(name) ? 'build' : 'live',
      slot,
    );
    return slot;
  }

  /** Inside a transaction: `name` no longer has a slot; its rows are deleted by purgeRetired. */
  private retire(name: string): void {
    const slot = this.slotOf(name);
    if (slot === undefined) return;
    this.prepare('DELETE FROM figure_slot WHERE slot = ?').run(slot);
    this.prepare('INSERT OR IGNORE INTO figure_retired (slot) VALUES (?)').run(slot);
  }

  /** Deletes the rows of retired slots, one table per transaction (no answer reads them any more). */
  private purgeRetired(): void {
    const slots = this.prepare('SELECT slot FROM figure_retired ORDER BY slot').pluck().all() as number[];
    for (const slot of slots) {
      for (const table of SLOT_TABLES) this.db.transaction(() => this.prepare(`DELETE FROM ${table} WHERE slot = ?`).run(slot)).immediate();
      this.prepare('DELETE FROM figure_retired WHERE slot = ?').run(slot);
    }
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const rows = this.prepare('SELECT figure, version, position, recorded_at, events FROM figure_checkpoint ORDER BY figure').all() as {
      figure: string;
      version: number;
      position: number;
      recorded_at: string;
      events: number;
    }[];
    return rows.map((r) => ({ figure: r.figure, version: r.version, position: r.position, recordedAt: r.recorded_at, events: r.events }));
  }

  async loadEntities(figure: string, entities: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const slot = this.slotOf(figure);
    if (slot === undefined) return found;
    const select = this.prepare('SELECT state FROM figure_entity WHERE slot = ? AND entity = ?').pluck();
    for (const entity of entities) {
      const state = select.get(slot, entity) as string | undefined;
      if (state !== undefined) found.set(entity, state);
    }
    return found;
  }

  async commit(batch: ProjectionBatch): Promise<void> {
    const checkpointAt = this.prepare('SELECT position FROM figure_checkpoint WHERE figure = ?').pluck();
    const putCheckpoint = this.prepare(
      'INSERT OR REPLACE INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES (?, ?, ?, ?, ?)',
    );
    this.db
      .transaction(() => {
        for (const checkpoint of batch.checkpoints) {
          const actual = checkpointAt.get(checkpoint.figure) as number | undefined;
          if ((actual ?? 0) !== checkpoint.expectedPosition)
            throw new CheckpointConflictError(checkpoint.figure, checkpoint.expectedPosition, actual);
        }
        const slots = new Map<string, number>();
        const slot = (name: string) => {
          let found = slots.get(name);
          if (found === undefined) slots.set(name, (found = this.slotFor(name)));
          return found;
        };
        this.writer.write(batch, slot);
        for (const c of batch.checkpoints) putCheckpoint.run(c.figure, c.version, c.position, c.recordedAt, c.events);
        markWideFigures(this.db, batch, this.exact, slot);
      })
      .immediate();
  }

  async reset(figure: string, version: number): Promise<void> {
    // A build of the figure that stopped half way (the projector resets the figures it could not build) is over.
    this.building.delete(buildTarget(figure));
    this.setCacheSize();
    this.db
      .transaction(() => {
        this.retire(figure);
        this.slotFor(figure);
        this.prepare(
          "INSERT OR REPLACE INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES (?, ?, 0, '', 0)",
        ).run(figure, version);
      })
      .immediate();
    this.purgeRetired();
  }

  async beginBuild(figure: string, version: number): Promise<string> {
    if (!Number.isInteger(version) || version < 1) throw new Error(`figure version must be a positive integer, got ${version}`);
    const target = buildTarget(figure);
    this.db
      .transaction(() => {
        this.retire(target);
        this.slotFor(target);
      })
      .immediate();
    this.purgeRetired();
    this.building.add(target);
    this.setCacheSize();
    return target;
  }

  async deriveRollups(target: string, layout: RollupLayout): Promise<void> {
    const slot = this.slotOf(target);
    if (slot === undefined) throw new Error(`${target} has no slot: begin the build first`);
    const wide = this.prepare('SELECT 1 FROM figure_wide WHERE slot = ?').pluck().get(slot) !== undefined;
    try {
      await this.deriveRollupsOnce(slot, layout, wide);
    } catch (error) {
      // A native SUM() past 64 bits: derive again with exact sums (the figure then answers with exact sums too).
      if (wide || !isIntegerOverflow(error)) throw error;
      await this.deriveRollupsOnce(slot, layout, true);
    }
  }

  /**
   * Derives bucket by bucket in short transactions, so the event store's appends never wait long, and lets the event
   * loop turn after each (the connection is synchronous: without a turn, the process serves nothing else until every
   * bucket is derived).
   */
  private async deriveRollupsOnce(slot: number, layout: RollupLayout, exact: boolean): Promise<void> {
    const { buckets, overall } = deriveRollupStatements(
      slot,
      layout,
      (v) => (exact ? `ledger_sum_stored(${v})` : `SUM(${v})`),
      undefined,
      SQLITE_PACKED_ITEM_SQL,
    );
    this.db
      .transaction(() => {
        this.prepare('DELETE FROM figure_rollup WHERE slot = ?').run(slot);
        this.prepare(`DELETE FROM ${PACKED_ROLLUP_TABLE} WHERE slot = ?`).run(slot);
        if (exact) this.prepare('INSERT OR IGNORE INTO figure_wide (slot) VALUES (?)').run(slot);
      })
      .immediate();
    const firstAtOrAfter = this.prepare('SELECT MIN(position) FROM figure_contribution WHERE slot = ? AND position >= ?').pluck();
    const monthSpan = this.prepare(monthSpanSql(() => '?'));
    for (let next = firstAtOrAfter.get(slot, 0) as number | null; next !== null;) {
      const from = Math.floor(next / layout.bucketSize);
      const to = from + SQLITE_DERIVE_BUCKETS - 1;
      this.db
        .transaction(() => {
          const months = monthSpan.get(slot, from * layout.bucketSize, (to + 1) * layout.bucketSize - 1) as MonthSpan;
          for (const sql of buckets(from, to, months)) this.db.exec(sql);
        })
        .immediate();
      await nextTurn();
      next = firstAtOrAfter.get(slot, (to + 1) * layout.bucketSize) as number | null;
    }
    // The overall rows sum every bucket: period by period (a grain's periods found by seeking the next one in each
    // table's key), one transaction each, then a turn. The build's rows are out of answers until the swap, and a
    // build that stops half way is discarded (a retry with exact sums deletes what was derived first), so the
    // statements need not commit together.
    const nextPeriods = ['figure_rollup', PACKED_ROLLUP_TABLE].map((table) =>
      this.prepare(`SELECT period FROM ${table} WHERE slot = ? AND grain = ? AND period > ? ORDER BY period LIMIT 1`).pluck(),
    );
    for (const { grain, statements } of overall) {
      for (let after = ''; ;) {
        const next = nextPeriods.map((statement) => statement.get(slot, grain, after) as string | undefined).filter((p) => p !== undefined);
        if (next.length === 0) break;
        const period = next.reduce((a, b) => (a < b ? a : b));
        this.db.transaction(() => statements(period).forEach((sql) => this.db.exec(sql))).immediate();
        await nextTurn();
        after = period;
      }
    }
  }

  async finishBuild(target: string, checkpoint: Checkpoint): Promise<void> {
    const figure = figureOfTarget(target);
    if (!isBuildTarget(target) || figure !== checkpoint.figure)
      throw new Error(`${target} is not the build target of figure ${checkpoint.figure}`);
    this.db
      .transaction(() => {
        const slot = this.slotOf(target);
        if (slot === undefined) throw new Error(`figure ${figure} has no build to finish (another projector swapped or discarded it)`);
        this.retire(figure);
        this.prepare("UPDATE figure_slot SET role = 'live' WHERE slot = ?").run(slot);
        this.prepare(
          'INSERT OR REPLACE INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES (?, ?, ?, ?, ?)',
        ).run(figure, checkpoint.version, checkpoint.position, checkpoint.recordedAt, checkpoint.events);
      })
      .immediate();
    this.building.delete(target);
    this.setCacheSize();
    this.purgeRetired();
  }

  async knownSpan(figure: string, knownBy: string): Promise<KnownSpan> {
    const blocks = this.db
      .transaction(() => {
        const slot = this.slotOf(figure);
        if (slot === undefined) return { below: null, upTo: null };
        return {
          below: this.prepare('SELECT MIN(block) FROM figure_known WHERE slot = ? AND latest > ?').pluck().get(slot, knownBy) as
            number | null,
          upTo: this.prepare('SELECT MAX(block) FROM figure_known WHERE slot = ? AND earliest <= ?').pluck().get(slot, knownBy) as
            number | null,
        };
      })
      .deferred();
    return {
      ...(blocks.below === null ? {} : { knownBelow: blocks.below * this.knownBlock }),
      ...(blocks.upTo === null ? {} : { knownUpTo: (blocks.upTo + 1) * this.knownBlock - 1 }),
    };
  }

  async aggregate(spec: AggregateSpec): Promise<AggregateGroup[]> {
    // One read transaction: a swap committed between the slot lookup and the sums cannot be seen half.
    return this.db
      .transaction(() => {
        const slot = this.slotOf(spec.figure);
        if (slot === undefined) return [];
        const wide = this.prepare('SELECT 1 FROM figure_wide WHERE slot = ?').pluck().get(slot) !== undefined;
        try {
          return this.reader.aggregate(spec, slot, wide);
        } catch (error) {
          // Native SUM() refuses a total past 64 bits: the same query again, summed exactly.
          if (!wide && isIntegerOverflow(error)) return this.reader.aggregate(spec, slot, true);
          throw error;
        }
      })
      .deferred();
  }

  async contributions(query: ContributionPageQuery): Promise<ContributionRow[]> {
    return this.db
      .transaction(() => {
        const slot = this.slotOf(query.figure);
        return slot === undefined ? [] : this.reader.contributionPage(query, slot);
      })
      .deferred();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
