import type { PoolClient } from 'pg';
import {
  type AggregateGroup,
  type AggregateSpec,
  ALL_POSITIONS,
  type ContributionPageQuery,
  type ContributionRow,
  type DimensionFilter,
  grainColumn,
  readsAllPositions,
} from '../figure-store.port';
import { AggregateAccumulator } from '../query/aggregate-accumulator';
import { aggregateSelect, itemWhere, ungroupedSelect } from '../sql/aggregate-select';
import { PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { toContributionRow } from '../sql/stored-rows';

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

/** The PostgreSQL store's reads of one slot, on the connection of the store's read snapshot. */
export async function aggregateSlot(client: PoolClient, spec: AggregateSpec, slot: number): Promise<AggregateGroup[]> {
  const accumulator = new AggregateAccumulator();
  const groups = spec.groupBy.length;
  const perItem = spec.perItem !== false;
  const rollup = aggregateSelect(spec.groupBy, 'period', perItem);
  const packedGroups = ungroupedSelect(spec.groupBy).groups;
  const queries: { text: string; values: unknown[]; packed: boolean }[] = [];
  const run = (sql: string, params: Params, packed = false) => queries.push({ text: sql, values: params.values, packed });
  for (const range of spec.rollup.periods) {
    const p = new Params();
    let where = `slot = ${p.add(slot)} AND grain = ${p.add(grainColumn(range.grain, spec.rollup.cube))} AND period BETWEEN ${p.add(range.from)} AND ${p.add(range.to)}`;
    if (readsAllPositions(spec, range.grain)) where += ` AND pos_bucket = ${p.add(ALL_POSITIONS)}`;
    else {
      where += ' AND pos_bucket >= 0';
      if (spec.rollup.posBucketBelow !== undefined) where += ` AND pos_bucket < ${p.add(spec.rollup.posBucketBelow)}`;
    }
    where += dimensionWhere(spec.filters, p) + itemWhere(perItem);
    run(`SELECT ${rollup.select} FROM figure_rollup WHERE ${where} GROUP BY ${rollup.groupBy}`, p);
    // The range's packed item rows, one per cell (postgres-packed-items.ts), unpacked here as the item rows they hold.
    if (perItem)
      run(`SELECT ${[packedGroups, 'items'].filter((c) => c !== '').join(', ')} FROM ${PACKED_ROLLUP_TABLE} WHERE ${where}`, p, true);
  }
  const raw = aggregateSelect(spec.groupBy, 'occurred_at', perItem);
  for (const range of spec.raw) {
    const p = new Params();
    let where = `slot = ${p.add(slot)} AND occurred_at BETWEEN ${p.add(range.from)} AND ${p.add(range.to)}`;
    if (range.positionFrom !== undefined) where += ` AND position >= ${p.add(range.positionFrom)}`;
    if (range.positionTo !== undefined) where += ` AND position <= ${p.add(range.positionTo)}`;
    if (range.knownBy !== undefined) where += ` AND known_at <= ${p.add(range.knownBy)}`;
    where += dimensionWhere(spec.filters, p) + itemWhere(perItem);
    run(`SELECT ${raw.select} FROM figure_contribution WHERE ${where} GROUP BY ${raw.groupBy}`, p);
  }
  // One connection runs one query at a time (the snapshot is that connection's).
  for (const query of queries) {
    const { rows } = await client.query({ text: query.text, values: query.values, rowMode: 'array' });
    if (query.packed) for (const row of rows as unknown[][]) addPackedRow(accumulator, row, groups);
    else for (const row of rows as unknown[][]) accumulator.addRow(row, groups);
  }
  return accumulator.groups();
}

/** A packed row as read: the group values, then the cell's packed items. */
function addPackedRow(accumulator: AggregateAccumulator, row: readonly unknown[], groups: number): void {
  const group = new Array<string>(groups);
  for (let i = 0; i < groups; i++) group[i] = String(row[i] ?? '');
  accumulator.addPacked(group, JSON.parse(row[groups] as string) as unknown[][]);
}

/** Contributions of the next `query.limit` events of one slot, in log order. */
export async function contributionPageOfSlot(client: PoolClient, query: ContributionPageQuery, slot: number): Promise<ContributionRow[]> {
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
