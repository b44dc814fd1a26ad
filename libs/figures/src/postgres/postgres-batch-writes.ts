import type { PoolClient } from 'pg';
import { type ContributionRow, DIMENSION_COLUMNS, grainColumn, type ProjectionBatch, type RollupDelta } from '../figure-store.port';
import { DIMENSION_NAMES, VALUE_NAMES } from '../sql/aggregate-select';
import { PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { byFigure, eventIdentities, knownTimesByBlock, usedColumns } from '../sql/stored-rows';
import { packedCellsSql, SUMMED_ENTRY } from './postgres-packed-items';

/** Rows per INSERT ... SELECT FROM unnest(...) statement. */
const CHUNK = 5000;
const D = DIMENSION_NAMES.join(', ');
const VALUE_LIST = VALUE_NAMES.join(', ');

const ESCAPED = /["\\]/;

/** Rollup deltas as unnest() of the arrays rollupArrays makes, columns named as in figure_rollup. */
const ROLLUP_UNNEST = `unnest($1::int[], $2::text[], $3::text[], $4::int[], ${DIMENSION_NAMES.map((_, i) => `$${5 + i}::text[]`).join(', ')},
  $${5 + DIMENSION_COLUMNS}::text[], $${6 + DIMENSION_COLUMNS}::bigint[], ${VALUE_NAMES.map((_, i) => `$${7 + DIMENSION_COLUMNS + i}::numeric[]`).join(', ')})
  AS delta (slot, grain, period, pos_bucket, ${D}, item, events, ${VALUE_LIST})`;

function rollupArrays(chunk: readonly RollupDelta[], slot: (name: string) => number): string[] {
  return [
    arrayLiteral(chunk, (r) => slot(r.figure)),
    arrayLiteral(chunk, (r) => grainColumn(r.grain, r.cube)),
    arrayLiteral(chunk, (r) => r.period),
    arrayLiteral(chunk, (r) => r.posBucket),
    ...DIMENSION_NAMES.map((_, i) => arrayLiteral(chunk, (r: RollupDelta) => r.dims[i] ?? '')),
    arrayLiteral(chunk, (r) => r.item),
    arrayLiteral(chunk, (r) => r.events),
    ...VALUE_NAMES.map((_, i) => arrayLiteral(chunk, (r: RollupDelta) => r.values[i])),
  ];
}

export function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/**
 * The text of a PostgreSQL array of `pick` of each row: what pg sends for a JavaScript array of the same values (each
 * element quoted, backslash and double quote escaped, null and undefined as NULL), without pg's per-element checks.
 */
export function arrayLiteral<T>(rows: readonly T[], pick: (row: T) => string | number | bigint | null | undefined): string {
  const parts: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = pick(rows[i]);
    if (value === null || value === undefined) parts[i] = 'NULL';
    else {
      const text = String(value);
      parts[i] = ESCAPED.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

/**
 * Statements of one transaction, each sent as soon as the one before is answered: the caller builds the next one's
 * parameters while the server runs the one before, instead of each side waiting for the other (one statement at a
 * time on the connection: pg deprecates queueing a query behind a running one). A failure rejects `send` or `sent`.
 */
class Pipeline {
  private running: Promise<unknown> | undefined;

  constructor(private readonly client: PoolClient) {}

  async send(text: string, values: unknown[]): Promise<void> {
    await this.sent();
    const result = this.client.query(text, values);
    // Handled where it is awaited (the next send, or sent); this only keeps an early throw of the caller from
    // leaving it unhandled.
    result.catch(() => undefined);
    this.running = result;
  }

  async sent(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running;
  }
}

/**
 * Inside the store's commit transaction: writes a batch's rows (event identities, contributions and their known
 * blocks, rollup deltas, entity states), each kind as unnest() arrays of CHUNK rows, the statements pipelined (see
 * Pipeline), in this order. Checkpoints stay with the store.
 */
export async function writePostgresBatch(client: PoolClient, batch: ProjectionBatch, slot: (name: string) => number): Promise<void> {
  const pipeline = new Pipeline(client);
  // One identity row per event, however many figures it contributes to.
  for (const chunk of chunks(eventIdentities(batch.contributions))) {
    await pipeline.send(
      `INSERT INTO figure_event (position, event_id, stream, event_type, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT (position) DO UPDATE SET event_id = excluded.event_id, stream = excluded.stream, event_type = excluded.event_type, recorded_at = excluded.recorded_at`,
      [
        arrayLiteral(chunk, (c) => c.position),
        arrayLiteral(chunk, (c) => c.eventId),
        arrayLiteral(chunk, (c) => c.stream),
        arrayLiteral(chunk, (c) => c.eventType),
        arrayLiteral(chunk, (c) => c.recordedAt),
      ],
    );
  }
  for (const chunk of chunks(batch.contributions)) {
    // Only the dimensions and value columns some row of the chunk uses are sent (the rest default to '' and 0): most
    // contributions use a few of the sixteen values, and parsing the zeros was much of an insert.
    const used = usedColumns(chunk);
    const dims = used.dims.map((i) => DIMENSION_NAMES[i]);
    const values = used.values.map((i) => VALUE_NAMES[i]);
    const types = ['int', 'bigint', 'int', 'text', 'text', ...dims.map(() => 'text'), 'text', 'int', ...values.map(() => 'numeric')];
    await pipeline.send(
      `INSERT INTO figure_contribution (slot, position, seq, occurred_at, known_at, ${[...dims, 'item', 'events', ...values].join(', ')})
       SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`,
      [
        arrayLiteral(chunk, (c) => slot(c.figure)),
        arrayLiteral(chunk, (c) => c.position),
        arrayLiteral(chunk, (c) => c.seq),
        arrayLiteral(chunk, (c) => c.occurredAt),
        arrayLiteral(chunk, (c) => c.knownAt),
        ...used.dims.map((i) => arrayLiteral(chunk, (c: ContributionRow) => c.dims[i] ?? '')),
        arrayLiteral(chunk, (c) => c.item),
        arrayLiteral(chunk, (c) => c.events),
        ...used.values.map((i) => arrayLiteral(chunk, (c: ContributionRow) => c.values[i])),
      ],
    );
  }
  for (const rows of byFigure(batch.contributions)) {
    const known = [...knownTimesByBlock(rows)];
    await pipeline.send(
      `INSERT INTO figure_known (slot, block, earliest, latest) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])
       ON CONFLICT (slot, block) DO UPDATE SET earliest = LEAST(figure_known.earliest, excluded.earliest), latest = GREATEST(figure_known.latest, excluded.latest)`,
      [
        slot(rows[0].figure),
        arrayLiteral(known, ([block]) => block),
        arrayLiteral(known, ([, k]) => k.earliest),
        arrayLiteral(known, ([, k]) => k.latest),
      ],
    );
  }
  for (const chunk of chunks(batch.rollups.filter((r) => r.item === ''))) {
    await pipeline.send(
      `INSERT INTO figure_rollup (slot, grain, period, pos_bucket, ${D}, item, events, ${VALUE_LIST}) SELECT * FROM ${ROLLUP_UNNEST}
       ON CONFLICT (slot, grain, period, pos_bucket, ${D}, item) DO UPDATE SET
       events = figure_rollup.events + excluded.events, ${VALUE_NAMES.map((v) => `${v} = figure_rollup.${v} + excluded.${v}`).join(', ')}`,
      rollupArrays(chunk, slot),
    );
  }
  // Item deltas packed per cell by the database (postgres-packed-items.ts) and merged into the packed row there.
  for (const chunk of chunks(batch.rollups.filter((r) => r.item !== ''))) {
    await pipeline.send(
      `INSERT INTO ${PACKED_ROLLUP_TABLE} (slot, grain, period, pos_bucket, ${D}, items)
       ${packedCellsSql(`SELECT slot, grain, period, pos_bucket, ${D}, item, ${SUMMED_ENTRY} FROM ${ROLLUP_UNNEST} GROUP BY slot, grain, period, pos_bucket, ${D}, item`)}
       ON CONFLICT (slot, grain, period, pos_bucket, ${D}) DO UPDATE SET items = ledger_items_add(${PACKED_ROLLUP_TABLE}.items, excluded.items)`,
      rollupArrays(chunk, slot),
    );
  }
  const puts = batch.entities.filter((e) => e.state !== null);
  const deletes = batch.entities.filter((e) => e.state === null);
  for (const chunk of chunks(puts)) {
    await pipeline.send(
      `INSERT INTO figure_entity (slot, entity, state) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])
       ON CONFLICT (slot, entity) DO UPDATE SET state = excluded.state`,
      [arrayLiteral(chunk, (e) => slot(e.figure)), arrayLiteral(chunk, (e) => e.entity), arrayLiteral(chunk, (e) => e.state)],
    );
  }
  for (const e of deletes) await pipeline.send('DELETE FROM figure_entity WHERE slot = $1 AND entity = $2', [slot(e.figure), e.entity]);
  await pipeline.sent();
}
