import type { PoolClient } from 'pg';
import { type ContributionRow, DIMENSION_COLUMNS, grainColumn, type ProjectionBatch } from '../figure-store.port';
import { DIMENSION_NAMES, VALUE_NAMES } from '../sql/aggregate-select';
import { byFigure, eventIdentities, knownTimesByBlock } from '../sql/stored-rows';

/** Rows per INSERT ... SELECT FROM unnest(...) statement. */
const CHUNK = 5000;
const D = DIMENSION_NAMES.join(', ');
const VALUE_LIST = VALUE_NAMES.join(', ');

export function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

/**
 * Inside the store's commit transaction: writes a batch's rows (event identities, contributions and their known
 * blocks, rollup deltas, entity states), each kind as unnest() arrays of CHUNK rows. Checkpoints stay with the store.
 */
export async function writePostgresBatch(client: PoolClient, batch: ProjectionBatch, slot: (name: string) => number): Promise<void> {
  // One identity row per event, however many figures it contributes to.
  for (const chunk of chunks(eventIdentities(batch.contributions))) {
    await client.query(
      `INSERT INTO figure_event (position, event_id, stream, event_type, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT (position) DO UPDATE SET event_id = excluded.event_id, stream = excluded.stream, event_type = excluded.event_type, recorded_at = excluded.recorded_at`,
      [
        chunk.map((c) => c.position),
        chunk.map((c) => c.eventId),
        chunk.map((c) => c.stream),
        chunk.map((c) => c.eventType),
        chunk.map((c) => c.recordedAt),
      ],
    );
  }
  for (const chunk of chunks(batch.contributions)) {
    const column = <T>(pick: (c: ContributionRow) => T) => chunk.map(pick);
    await client.query(
      `INSERT INTO figure_contribution (slot, position, seq, occurred_at, known_at, ${D}, item, events, ${VALUE_LIST})
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
      `INSERT INTO figure_rollup (slot, grain, period, pos_bucket, ${D}, item, events, ${VALUE_LIST})
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
}
