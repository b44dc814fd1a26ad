import type { ContributionRow, GroupColumn, RollupLayout } from './figure-store.port';
import { ALL_POSITIONS, DIMENSION_COLUMNS, FULL_CUBE, grainColumn, keepsDays, KNOWN_BLOCK, VALUE_COLUMNS } from './figure-store.port';

/** SQL shared by the SQLite and PostgreSQL figure stores (both speak this much standard SQL). */

export const VALUE_NAMES = Array.from({ length: VALUE_COLUMNS }, (_, i) => `v${i + 1}`);
export const DIMENSION_NAMES = Array.from({ length: DIMENSION_COLUMNS }, (_, i) => `d${i + 1}`);

/** Group expressions over a rollup (`period`) or a raw contribution (`occurred_at`). */
export function groupExpression(column: GroupColumn, timeColumn: 'period' | 'occurred_at'): string {
  switch (column) {
    case 'year':
      return `substr(${timeColumn}, 1, 4)`;
    case 'month':
      return `substr(${timeColumn}, 1, 7)`;
    default:
      return column;
  }
}

/** Columns selected by every aggregate: group expressions, item, events, v1..v16 sums. */
export function aggregateSelect(groupBy: readonly GroupColumn[], timeColumn: 'period' | 'occurred_at'): { select: string; groupBy: string } {
  const groups = groupBy.map((column, i) => `${groupExpression(column, timeColumn)} AS g${i}`);
  const groupRefs = [...groupBy.map((column) => groupExpression(column, timeColumn)), 'item'];
  return {
    select: [...groups, 'item', 'SUM(events) AS events', ...VALUE_NAMES.map((v) => `SUM(${v}) AS ${v}`)].join(', '),
    groupBy: groupRefs.join(', '),
  };
}

/** The same columns as aggregateSelect, from rollup rows that are already one per (group, item). */
export function ungroupedSelect(groupBy: readonly GroupColumn[]): { select: string } {
  return { select: [...groupBy.map((column, i) => `${groupExpression(column, 'period')} AS g${i}`), 'item', 'events', ...VALUE_NAMES].join(', ') };
}

/** A `SELECT *` row of figure_contribution as a ContributionRow (integers arrive as bigint, number or string). */
export function toContributionRow(r: Record<string, unknown>): ContributionRow {
  return {
    figure: r.figure as string,
    position: Number(r.position),
    seq: Number(r.seq),
    eventId: r.event_id as string,
    stream: r.stream as string,
    eventType: r.event_type as string,
    occurredAt: r.occurred_at as string,
    recordedAt: r.recorded_at as string,
    knownAt: r.known_at as string,
    dims: DIMENSION_NAMES.map((d) => r[d] as string),
    item: r.item as string,
    events: Number(r.events),
    values: VALUE_NAMES.map((v) => BigInt(r[v] as bigint | string)),
  };
}

/**
 * The statements that derive a slot's rollups from its contributions (FigureStore.deriveRollups): the same rows as
 * the projector's rollup deltas (batch-projection.ts). `buckets(from, to)`: for the position buckets from..to, full
 * cube months from contributions, years from months, then per small cube its months from the full months and its
 * years from its months (cube 0 also keeps days, from contributions); groups never cross a bucket, so ranges of buckets
 * can run one transaction each. `overall`: the small cubes' years over every position bucket. Text without
 * parameters: slot, bucket numbers and cubes are integers checked here. `sum(column)` is the adapter's exact sum;
 * `int(expression)` casts a bucket number to the column's type.
 */
export function deriveRollupStatements(
  slot: number,
  layout: RollupLayout,
  sum: (column: string) => string,
  int: (sql: string) => string = (sql) => sql,
): { buckets: (from: number, to: number) => string[]; overall: string[] } {
  const checkInteger = (n: number, what: string) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a whole number, got ${n}`);
  };
  checkInteger(slot, 'slot');
  checkInteger(layout.bucketSize - 1, 'bucket size - 1');
  const size = layout.bucketSize;
  const into = `INSERT INTO figure_rollup (slot, grain, period, pos_bucket, ${DIMENSION_NAMES.join(', ')}, item, events, ${VALUE_NAMES.join(', ')})`;
  const sums = `SUM(events), ${VALUE_NAMES.map(sum).join(', ')}`;
  const all = DIMENSION_NAMES.join(', ');
  const dims = (cube: number) => DIMENSION_NAMES.map((d, i) => (cube & (1 << i) ? d : `''`)).join(', ');
  const kept = (cube: number) => DIMENSION_NAMES.filter((_, i) => cube & (1 << i));
  const group = (...columns: string[]) => columns.join(', ');
  for (const cube of layout.smallCubes) {
    if (!Number.isInteger(cube) || cube < 0 || cube >= FULL_CUBE) throw new Error(`not a small cube: ${cube}`);
  }
  const buckets = (from: number, to: number): string[] => {
    checkInteger(from, 'bucket');
    checkInteger(to, 'bucket');
    const inRange = `slot = ${slot} AND pos_bucket BETWEEN ${from} AND ${to}`;
    const fromGrain = (grain: string) => `FROM figure_rollup WHERE ${inRange} AND grain = '${grain}'`;
    const bucket = int(`position / ${size}`);
    const contributions = `FROM figure_contribution WHERE slot = ${slot} AND position BETWEEN ${from * size} AND ${(to + 1) * size - 1}`;
    const statements = [
      `${into} SELECT ${slot}, 'm', substr(occurred_at, 1, 7), ${bucket}, ${all}, item, ${sums}
       ${contributions} GROUP BY substr(occurred_at, 1, 7), ${bucket}, ${all}, item`,
      `${into} SELECT ${slot}, 'y', substr(period, 1, 4), pos_bucket, ${all}, item, ${sums}
       ${fromGrain('m')} GROUP BY substr(period, 1, 4), pos_bucket, ${all}, item`,
    ];
    for (const cube of layout.smallCubes) {
      if (keepsDays(cube)) {
        statements.push(`${into} SELECT ${slot}, '${grainColumn('d', cube)}', substr(occurred_at, 1, 10), ${bucket}, ${dims(cube)}, item, ${sums}
          ${contributions} GROUP BY ${group('substr(occurred_at, 1, 10)', bucket, ...kept(cube), 'item')}`);
      }
      const months = grainColumn('m', cube);
      statements.push(
        `${into} SELECT ${slot}, '${months}', period, pos_bucket, ${dims(cube)}, item, ${sums}
          ${fromGrain('m')} GROUP BY ${group('period', 'pos_bucket', ...kept(cube), 'item')}`,
        `${into} SELECT ${slot}, '${grainColumn('y', cube)}', substr(period, 1, 4), pos_bucket, ${dims(cube)}, item, ${sums}
          ${fromGrain(months)} GROUP BY ${group('substr(period, 1, 4)', 'pos_bucket', ...kept(cube), 'item')}`,
      );
    }
    return statements;
  };
  const overall = layout.smallCubes.map((cube) => {
    const years = grainColumn('y', cube);
    return `${into} SELECT ${slot}, '${years}', period, ${ALL_POSITIONS}, ${dims(cube)}, item, ${sums}
      FROM figure_rollup WHERE slot = ${slot} AND grain = '${years}' AND pos_bucket >= 0 GROUP BY ${group('period', ...kept(cube), 'item')}`;
  });
  return { buckets, overall };
}

/** The earliest and latest known time of the contributions in each block of `blockSize` positions. */
export function knownTimesByBlock(rows: readonly ContributionRow[], blockSize = KNOWN_BLOCK): Map<number, { earliest: string; latest: string }> {
  const blocks = new Map<number, { earliest: string; latest: string }>();
  for (const row of rows) {
    const block = Math.floor(row.position / blockSize);
    const known = blocks.get(block);
    if (known === undefined) blocks.set(block, { earliest: row.knownAt, latest: row.knownAt });
    else if (row.knownAt > known.latest) known.latest = row.knownAt;
    else if (row.knownAt < known.earliest) known.earliest = row.knownAt;
  }
  return blocks;
}

/** Rows of a batch by the figure (or build target) they belong to, in first-seen order. */
export function byFigure<T extends { figure: string }>(rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    let group = groups.get(row.figure);
    if (!group) groups.set(row.figure, (group = []));
    group.push(row);
  }
  return [...groups.values()];
}
