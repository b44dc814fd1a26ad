import { Pool, type PoolClient } from 'pg';
import {
  type AggregateRow,
  type AggregateSpec,
  type Checkpoint,
  CheckpointConflictError,
  type ContributionPageQuery,
  type ContributionRow,
  type DimensionFilter,
  DIMENSION_COLUMNS,
  type FigureStore,
  type ProjectionBatch,
  KNOWN_BLOCK,
  type KnownSpan,
  type RollupLayout,
  buildTarget,
  figureOfTarget,
  isBuildTarget,
  grainColumn,
  readsAllPositions,
  ALL_POSITIONS,
} from '../figure-store.port';
import { AggregateAccumulator } from '../query/aggregate-accumulator';
import { aggregateSelect, byFigure, deriveRollupStatements, DIMENSION_NAMES, knownTimesByBlock, toContributionRow, VALUE_NAMES } from '../store-sql';

export interface PostgresFigureStoreOptions {
  /** postgres://user@host:port/database */
  readonly connectionString: string;
  /** Schema holding the figure tables (created if missing). Default: public. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

/** 2: rollups also in small cubes (grain column `y0`, `m1`, ...). 3: position buckets of 2^16. 4: six dimension
 *  columns, sixteen value columns, known_at. 5: rows keyed by slot (blue/green builds), an event's identity once in
 *  figure_event. 6: version 2 definitions store year event marks, and recovery-rate v2 keeps one entity (an older v2
 *  projection cannot be continued). 7: version 2 contributions are known no earlier than their record's earlier
 *  events (stored known times changed). A store of an older version is emptied on init and the projector rebuilds
 *  every figure from the log. */
const SCHEMA_VERSION = 7;
const ALL_TABLES = ['figure_contribution', 'figure_rollup', 'figure_entity', 'figure_checkpoint', 'figure_slot', 'figure_retired', 'figure_event', 'figure_known'];
/** Tables whose rows belong to a slot (deleted when the slot is retired). */
const SLOT_TABLES = ['figure_contribution', 'figure_rollup', 'figure_entity', 'figure_known'];
const D = DIMENSION_NAMES.join(', ');
const DIMENSION_DEFINITIONS = DIMENSION_NAMES.map((d) => `${d} TEXT COLLATE "C" NOT NULL`).join(', ');
/** Position buckets whose rollups are derived in one transaction. */
const DERIVE_BUCKETS = 4;
/** Rows per INSERT ... SELECT FROM unnest(...) statement. */
const CHUNK = 5000;
const V = VALUE_NAMES.join(', ');

const TABLES = `
CREATE TABLE IF NOT EXISTS figure_checkpoint (
  figure TEXT PRIMARY KEY, version INTEGER NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL, events BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS figure_slot (figure TEXT NOT NULL, role TEXT NOT NULL, slot INTEGER NOT NULL UNIQUE, PRIMARY KEY (figure, role));
CREATE TABLE IF NOT EXISTS figure_retired (slot INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS figure_event (
  position BIGINT PRIMARY KEY, event_id TEXT NOT NULL, stream TEXT NOT NULL, event_type TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS figure_contribution (
  slot INTEGER NOT NULL, position BIGINT NOT NULL, seq INTEGER NOT NULL,
  occurred_at TEXT COLLATE "C" NOT NULL, known_at TEXT COLLATE "C" NOT NULL,
  ${DIMENSION_DEFINITIONS}, item TEXT COLLATE "C" NOT NULL, events INTEGER NOT NULL,
  ${VALUE_NAMES.map((v) => `${v} NUMERIC NOT NULL`).join(', ')},
  PRIMARY KEY (slot, position, seq));
CREATE INDEX IF NOT EXISTS figure_contribution_by_time ON figure_contribution (slot, occurred_at);
CREATE TABLE IF NOT EXISTS figure_rollup (
  slot INTEGER NOT NULL, grain TEXT NOT NULL, period TEXT COLLATE "C" NOT NULL, pos_bucket INTEGER NOT NULL,
  ${DIMENSION_DEFINITIONS}, item TEXT COLLATE "C" NOT NULL, events BIGINT NOT NULL,
  ${VALUE_NAMES.map((v) => `${v} NUMERIC NOT NULL`).join(', ')},
  PRIMARY KEY (slot, grain, period, pos_bucket, ${D}, item));
CREATE TABLE IF NOT EXISTS figure_entity (
  slot INTEGER NOT NULL, entity TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (slot, entity));
CREATE TABLE IF NOT EXISTS figure_known (
  slot INTEGER NOT NULL, block BIGINT NOT NULL, earliest TEXT COLLATE "C" NOT NULL, latest TEXT COLLATE "C" NOT NULL, PRIMARY KEY (slot, block));
`;

/** Placeholders $n.. for a parameter list that grows as the query is built. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function dimensionWhere(filters: readonly DimensionFilter[], params: Params): string {
  return filters.map((filter) => ` AND ${filter.column} = ANY(${params.add(filter.values)}::text[])`).join('');
}

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

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
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`figure store schema must be a plain lower-case identifier, got "${this.schema}"`);
    this.pool = new Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 4, options: `-c search_path=${this.schema}` });
  }

  async init(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7340105)'); // one migrator at a time
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query('CREATE TABLE IF NOT EXISTS figure_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM figure_schema');
      if (rows[0] && rows[0].version > SCHEMA_VERSION) throw new Error(`figure store schema ${rows[0].version} is newer than this ledger (${SCHEMA_VERSION}): upgrade the ledger`);
      if (rows[0] && rows[0].version < SCHEMA_VERSION) {
        // The columns changed: drop the old tables; without checkpoints, the projector resets and rebuilds every figure.
        for (const table of ALL_TABLES) await client.query(`DROP TABLE IF EXISTS ${table}`);
        await client.query('UPDATE figure_schema SET version = $1', [SCHEMA_VERSION]);
      }
      await client.query(TABLES);
      if (!rows[0]) await client.query('INSERT INTO figure_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    });
    // Slots retired by a swap or reset that stopped before their rows were deleted.
    await this.purgeRetired();
  }

  /** The slot `name` (a figure, or a build target) writes to or answers from; undefined when it has none. */
  private async slotOf(client: Pick<PoolClient, 'query'>, name: string): Promise<number | undefined> {
    const { rows } = await client.query<{ slot: number }>('SELECT slot FROM figure_slot WHERE figure = $1 AND role = $2', [figureOfTarget(name), isBuildTarget(name) ? 'build' : 'live']);
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
    await client.query('INSERT INTO figure_slot (figure, role, slot) VALUES ($1, $2, $3)', [figureOfTarget(name), isBuildTarget(name) ? 'build' : 'live', rows[0].slot]);
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
    return rows.map((r) => ({ figure: r.figure, version: r.version, position: Number(r.position), recordedAt: r.recorded_at, events: Number(r.events) }));
  }

  async loadEntities(figure: string, entities: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const slot = await this.slotOf(this.pool, figure);
    if (slot === undefined) return found;
    for (const chunk of chunks(entities)) {
      const { rows } = await this.pool.query<{ entity: string; state: string }>('SELECT entity, state FROM figure_entity WHERE slot = $1 AND entity = ANY($2::text[])', [slot, chunk]);
      for (const row of rows) found.set(row.entity, row.state);
    }
    return found;
  }

  async commit(batch: ProjectionBatch): Promise<void> {
    await this.transaction(async (client) => {
      const figures = batch.checkpoints.map((c) => c.figure);
      const { rows } = await client.query<{ figure: string; position: string }>('SELECT figure, position FROM figure_checkpoint WHERE figure = ANY($1::text[]) FOR UPDATE', [figures]);
      const actual = new Map(rows.map((r) => [r.figure, Number(r.position)]));
      for (const c of batch.checkpoints) {
        if ((actual.get(c.figure) ?? 0) !== c.expectedPosition) throw new CheckpointConflictError(c.figure, c.expectedPosition, actual.get(c.figure));
      }
      const slots = new Map<string, number>();
      for (const name of new Set([...batch.contributions, ...batch.rollups, ...batch.entities].map((row) => row.figure))) slots.set(name, await this.slotFor(client, name));
      const slot = (name: string) => slots.get(name)!;
      // One identity row per event, however many figures it contributes to.
      const seen = new Set<number>();
      const identities = batch.contributions.filter((c) => !seen.has(c.position) && seen.add(c.position));
      for (const chunk of chunks(identities)) {
        await client.query(
          `INSERT INTO figure_event (position, event_id, stream, event_type, recorded_at)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT (position) DO UPDATE SET event_id = excluded.event_id, stream = excluded.stream, event_type = excluded.event_type, recorded_at = excluded.recorded_at`,
          [chunk.map((c) => c.position), chunk.map((c) => c.eventId), chunk.map((c) => c.stream), chunk.map((c) => c.eventType), chunk.map((c) => c.recordedAt)],
        );
      }
      for (const chunk of chunks(batch.contributions)) {
        const column = <T>(pick: (c: ContributionRow) => T) => chunk.map(pick);
        await client.query(
          `INSERT INTO figure_contribution (slot, position, seq, occurred_at, known_at, ${D}, item, events, ${V})
           SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::text[], $5::text[],
             ${DIMENSION_NAMES.map((_, i) => `$${6 + i}::text[]`).join(', ')}, $${6 + DIMENSION_COLUMNS}::text[], $${7 + DIMENSION_COLUMNS}::int[],
             ${VALUE_NAMES.map((_, i) => `$${8 + DIMENSION_COLUMNS + i}::numeric[]`).join(', ')})`,
          [
            column((c) => slot(c.figure)),
            column((c) => c.position),
            column((c) => c.seq),
            column((c) => c.occurredAt),
            column((c) => c.knownAt),
            ...DIMENSION_NAMES.map((_, i) => column((c) => c.dims[i] ?? '')),
            column((c) => c.item),
            column((c) => c.events),
            ...VALUE_NAMES.map((_, i) => column((c) => c.values[i].toString())),
          ],
        );
      }
      for (const rows of byFigure(batch.contributions)) {
        const known = knownTimesByBlock(rows);
        await client.query(
          `INSERT INTO figure_known (slot, block, earliest, latest) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])
           ON CONFLICT (slot, block) DO UPDATE SET earliest = LEAST(figure_known.earliest, excluded.earliest), latest = GREATEST(figure_known.latest, excluded.latest)`,
          [slot(rows[0].figure), [...known.keys()], [...known.values()].map((k) => k.earliest), [...known.values()].map((k) => k.latest)],
        );
      }
      for (const chunk of chunks(batch.rollups)) {
        await client.query(
          `INSERT INTO figure_rollup (slot, grain, period, pos_bucket, ${D}, item, events, ${V})
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], ${DIMENSION_NAMES.map((_, i) => `$${5 + i}::text[]`).join(', ')},
             $${5 + DIMENSION_COLUMNS}::text[], $${6 + DIMENSION_COLUMNS}::bigint[],
             ${VALUE_NAMES.map((_, i) => `$${7 + DIMENSION_COLUMNS + i}::numeric[]`).join(', ')})
           ON CONFLICT (slot, grain, period, pos_bucket, ${D}, item) DO UPDATE SET
           events = figure_rollup.events + excluded.events, ${VALUE_NAMES.map((v) => `${v} = figure_rollup.${v} + excluded.${v}`).join(', ')}`,
          [
            chunk.map((r) => slot(r.figure)),
            chunk.map((r) => grainColumn(r.grain, r.cube)),
            chunk.map((r) => r.period),
            chunk.map((r) => r.posBucket),
            ...DIMENSION_NAMES.map((_, i) => chunk.map((r) => r.dims[i] ?? '')),
            chunk.map((r) => r.item),
            chunk.map((r) => r.events.toString()),
            ...VALUE_NAMES.map((_, i) => chunk.map((r) => r.values[i].toString())),
          ],
        );
      }
      const puts = batch.entities.filter((e) => e.state !== null);
      const deletes = batch.entities.filter((e) => e.state === null);
      for (const chunk of chunks(puts)) {
        await client.query(
          `INSERT INTO figure_entity (slot, entity, state) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])
           ON CONFLICT (slot, entity) DO UPDATE SET state = excluded.state`,
          [chunk.map((e) => slot(e.figure)), chunk.map((e) => e.entity), chunk.map((e) => e.state)],
        );
      }
      for (const e of deletes) await client.query('DELETE FROM figure_entity WHERE slot = $1 AND entity = $2', [slot(e.figure), e.entity]);
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
      await client.query("INSERT INTO figure_checkpoint (figure, version, position, recorded_at, events) VALUES ($1, $2, 0, '', 0)", [figure, version]);
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

  /** Derives in transactions of a few position buckets each (see store-sql.ts); NUMERIC sums are exact. */
  async deriveRollups(target: string, layout: RollupLayout): Promise<void> {
    const slot = await this.slotOf(this.pool, target);
    if (slot === undefined) throw new Error(`${target} has no slot: begin the build first`);
    const { buckets, overall } = deriveRollupStatements(slot, layout, (v) => `SUM(${v})`, (sql) => `(${sql})::int`);
    await this.pool.query('DELETE FROM figure_rollup WHERE slot = $1', [slot]);
    const firstAtOrAfter = async (position: number) => {
      const { rows } = await this.pool.query<{ min: string | null }>('SELECT MIN(position) AS min FROM figure_contribution WHERE slot = $1 AND position >= $2', [slot, position]);
      return rows[0].min === null ? null : Number(rows[0].min);
    };
    for (let next = await firstAtOrAfter(0); next !== null; ) {
      const from = Math.floor(next / layout.bucketSize);
      const to = from + DERIVE_BUCKETS - 1;
      await this.transaction(async (client) => {
        for (const sql of buckets(from, to)) await client.query(sql);
      });
      next = await firstAtOrAfter((to + 1) * layout.bucketSize);
    }
    await this.transaction(async (client) => {
      for (const sql of overall) await client.query(sql);
    });
  }

  async finishBuild(target: string, checkpoint: Checkpoint): Promise<void> {
    const figure = figureOfTarget(target);
    if (!isBuildTarget(target) || figure !== checkpoint.figure) throw new Error(`${target} is not the build target of figure ${checkpoint.figure}`);
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

  async aggregate(spec: AggregateSpec): Promise<AggregateRow[]> {
    // The slot is read once; a swap that lands meanwhile leaves the old slot's rows until purgeRetired, which a
    // reader racing it may miss: read inside one REPEATABLE READ snapshot so the answer is one slot's, whole.
    return this.snapshot(async (client) => {
      const slot = await this.slotOf(client, spec.figure);
      return slot === undefined ? [] : this.aggregateIn(client, spec, slot);
    });
  }

  private async aggregateIn(client: PoolClient, spec: AggregateSpec, slot: number): Promise<AggregateRow[]> {
    const accumulator = new AggregateAccumulator();
    const groups = spec.groupBy.length;
    const rollup = aggregateSelect(spec.groupBy, 'period');
    const queries: { text: string; values: unknown[] }[] = [];
    const run = (sql: string, params: Params) => queries.push({ text: sql, values: params.values });
    for (const range of spec.rollup.periods) {
      const p = new Params();
      let where = `slot = ${p.add(slot)} AND grain = ${p.add(grainColumn(range.grain, spec.rollup.cube))} AND period BETWEEN ${p.add(range.from)} AND ${p.add(range.to)}`;
      if (readsAllPositions(spec, range.grain)) where += ` AND pos_bucket = ${p.add(ALL_POSITIONS)}`;
      else {
        where += ' AND pos_bucket >= 0';
        if (spec.rollup.posBucketBelow !== undefined) where += ` AND pos_bucket < ${p.add(spec.rollup.posBucketBelow)}`;
      }
      where += dimensionWhere(spec.filters, p);
      run(`SELECT ${rollup.select} FROM figure_rollup WHERE ${where} GROUP BY ${rollup.groupBy}`, p);
    }
    const raw = aggregateSelect(spec.groupBy, 'occurred_at');
    for (const range of spec.raw) {
      const p = new Params();
      let where = `slot = ${p.add(slot)} AND occurred_at BETWEEN ${p.add(range.from)} AND ${p.add(range.to)}`;
      if (range.positionFrom !== undefined) where += ` AND position >= ${p.add(range.positionFrom)}`;
      if (range.positionTo !== undefined) where += ` AND position <= ${p.add(range.positionTo)}`;
      if (range.knownBy !== undefined) where += ` AND known_at <= ${p.add(range.knownBy)}`;
      where += dimensionWhere(spec.filters, p);
      run(`SELECT ${raw.select} FROM figure_contribution WHERE ${where} GROUP BY ${raw.groupBy}`, p);
    }
    // One connection runs one query at a time (the snapshot is that connection's).
    for (const query of queries) {
      const { rows } = await client.query({ ...query, rowMode: 'array' });
      for (const row of rows as unknown[][]) accumulator.add(row.slice(0, groups), row[groups] as string, row[groups + 1], row.slice(groups + 2));
    }
    return accumulator.rows();
  }

  async contributions(query: ContributionPageQuery): Promise<ContributionRow[]> {
    return this.snapshot(async (client) => {
      const slot = await this.slotOf(client, query.figure);
      return slot === undefined ? [] : this.contributionPage(client, query, slot);
    });
  }

  private async contributionPage(client: PoolClient, query: ContributionPageQuery, slot: number): Promise<ContributionRow[]> {
    const where = (p: Params, after: number, atMost: number) =>
      `c.slot = ${p.add(slot)} AND c.position > ${p.add(after)} AND c.position <= ${p.add(atMost)} AND occurred_at BETWEEN ${p.add(query.from ?? '')} AND ${p.add(query.to ?? '~')}${
        query.knownBy === undefined ? '' : ` AND known_at <= ${p.add(query.knownBy)}`
      }${dimensionWhere(query.filters, p)}`;
    const first = new Params();
    const { rows: picked } = await client.query<{ position: string }>(
      `SELECT DISTINCT position FROM figure_contribution c WHERE ${where(first, query.after ?? 0, query.positionAtMost ?? Number.MAX_SAFE_INTEGER)} ORDER BY position LIMIT ${first.add(query.limit)}`,
      first.values,
    );
    if (picked.length === 0) return [];
    // The same bounds up to the last position picked: exactly the rows of the picked positions.
    const p = new Params();
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT c.*, e.event_id, e.stream, e.event_type, e.recorded_at FROM figure_contribution c JOIN figure_event e ON e.position = c.position
       WHERE ${where(p, query.after ?? 0, Number(picked[picked.length - 1].position))} ORDER BY c.position, c.seq`,
      p.values,
    );
    return rows.map((row) => toContributionRow({ ...row, figure: query.figure }));
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
