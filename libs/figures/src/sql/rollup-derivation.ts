import type { RollupLayout } from '../figure-store.port';
import { ALL_POSITIONS, FULL_CUBE, grainColumn, keepsDays } from '../figure-store.port';
import { DIMENSION_NAMES, VALUE_NAMES } from './aggregate-select';

/** Position buckets whose rollups PostgreSQL derives in one transaction (2^14 events). */
export const DERIVE_BUCKETS = 4;

/** Position buckets whose rollups SQLite derives in one transaction: its connection is synchronous, so a
 *  transaction is as long as the process serves nothing else (4 buckets held it 400-825 ms on the 75k bench history,
 *  1 at most 491 ms). */
export const SQLITE_DERIVE_BUCKETS = 1;

/** The table of a store that keeps each rollup cell's item rows packed into one row (sqlite/packed-items.ts, postgres/postgres-packed-items.ts). */
export const PACKED_ROLLUP_TABLE = 'figure_rollup_items';

/**
 * How a store derives packed item rows, one per rollup cell: the SELECT after `INSERT INTO PACKED_ROLLUP_TABLE (slot,
 * grain, period, pos_bucket, d1..d6, items)`, selecting `head` (the cell's columns) and its packed items, grouped by
 * `groupBy`. `pack` reads contributions (`from`: FROM figure_contribution WHERE ..., item rows only); `merge` reads
 * packed rows of PACKED_ROLLUP_TABLE (`where`: the condition on them). Without it, item rows are rollup rows like
 * the others.
 */
export interface PackedItemSql {
  pack(head: string, groupBy: readonly string[], from: string): string;
  merge(head: string, groupBy: readonly string[], where: string): string;
}

/** The first and last month (YYYY-MM) of a range's contributions (null without any): see monthSpanSql. */
export interface MonthSpan {
  readonly first: string | null;
  readonly last: string | null;
}

const MONTH = /^\d{4}-\d{2}$/;

/** A string as an SQL literal (standard quoting, as both SQLite and PostgreSQL read it). */
const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * One grain of an `overall` cube: the statements that sum its bucket rows over every position bucket, for one period
 * or (without one) every period at once. A store splits them by period to keep each statement short: at 10M events
 * one statement over every period of a grain held the SQLite connection (and the event loop) for up to 5.5 s.
 */
export interface OverallGrain {
  readonly grain: string;
  readonly statements: (period?: string) => string[];
}

/** The query (slot, first position, last position: adapter placeholders) whose row is a range's MonthSpan. */
export function monthSpanSql(param: (n: number) => string): string {
  return `SELECT MIN(substr(occurred_at, 1, 7)) AS first, MAX(substr(occurred_at, 1, 7)) AS last FROM figure_contribution
    WHERE slot = ${param(1)} AND position BETWEEN ${param(2)} AND ${param(3)}`;
}

/**
 * The statements that derive a slot's rollups from its contributions (FigureStore.deriveRollups): the same rows as
 * the projector's rollup deltas (batch-projection.ts). `buckets(from, to)`: for the position buckets from..to, full
 * cube months from contributions, years from months, then per small cube its months from the full months and its
 * years from its months (cube 0 also keeps days, from contributions); groups never cross a bucket, so ranges of buckets
 * can run one transaction each; `months` (the range's first and last month) bounds the reads of its months, and a
 * span that is not two YYYY-MM months is ignored (the reads are then unbounded, still correct). `overall`: the months
 * and years of the layout's `overall` cubes over every position bucket, grain by grain (OverallGrain). Text without parameters: slot, bucket numbers
 * and cubes are integers checked here, months match YYYY-MM, an overall period is quoted. `sum(column)` is the adapter's exact sum; `int(expression)` casts a
 * bucket number to the column's type; with `packed`, item rows go to PACKED_ROLLUP_TABLE, one packed row per cell (PackedItemSql).
 */
export function deriveRollupStatements(
  slot: number,
  layout: RollupLayout,
  sum: (column: string) => string,
  int: (sql: string) => string = (sql) => sql,
  packed?: PackedItemSql,
): { buckets: (from: number, to: number, months?: MonthSpan) => string[]; overall: OverallGrain[] } {
  const checkInteger = (n: number, what: string) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a whole number, got ${n}`);
  };
  checkInteger(slot, 'slot');
  checkInteger(layout.bucketSize - 1, 'bucket size - 1');
  const size = layout.bucketSize;
  const into = `INSERT INTO figure_rollup (slot, grain, period, pos_bucket, ${DIMENSION_NAMES.join(', ')}, item, events, ${VALUE_NAMES.join(', ')})`;
  const sums = `SUM(events), ${VALUE_NAMES.map(sum).join(', ')}`;
  const group = (...columns: string[]) => columns.join(', ');
  const intoPacked = `INSERT INTO ${PACKED_ROLLUP_TABLE} (slot, grain, period, pos_bucket, ${DIMENSION_NAMES.join(', ')}, items)`;
  /** The statement for the rollup rows, and with packed items its twin for the packed rows: from contributions
   *  (`contributions` true) item rows are packed, from rollups (`where` reads figure_rollup) packed rows are merged. */
  const both = (contributions: boolean, head: string, groupBy: string[], where: string): string[] => {
    const from = `FROM ${contributions ? 'figure_contribution' : 'figure_rollup'} WHERE ${where}`;
    if (!packed) return [`${into} SELECT ${head}, item, ${sums} ${from} GROUP BY ${group(...groupBy, 'item')}`];
    return [
      `${into} SELECT ${head}, item, ${sums} ${contributions ? `${from} AND item = ''` : from} GROUP BY ${group(...groupBy, 'item')}`,
      `${intoPacked} ${contributions ? packed.pack(head, groupBy, `${from} AND item <> ''`) : packed.merge(head, groupBy, where)}`,
    ];
  };
  const all = DIMENSION_NAMES.join(', ');
  const dims = (cube: number) => DIMENSION_NAMES.map((d, i) => (cube & (1 << i) ? d : `''`)).join(', ');
  const kept = (cube: number) => DIMENSION_NAMES.filter((_, i) => cube & (1 << i));
  for (const cube of layout.smallCubes) {
    if (!Number.isInteger(cube) || cube < 0 || cube >= FULL_CUBE) throw new Error(`not a small cube: ${cube}`);
  }
  for (const cube of layout.overall) {
    if (cube !== FULL_CUBE && !layout.smallCubes.includes(cube)) throw new Error(`cube ${cube} is neither kept nor the full one`);
  }
  const buckets = (from: number, to: number, months?: MonthSpan): string[] => {
    checkInteger(from, 'bucket');
    checkInteger(to, 'bucket');
    // The key starts (slot, grain, period): only a period bound keeps a range's read of its months from scanning
    // every month of the slot derived so far (once per range: quadratic in the log's length).
    const periods =
      months?.first && months.last && MONTH.test(months.first) && MONTH.test(months.last)
        ? ` AND period BETWEEN '${months.first}' AND '${months.last}'`
        : '';
    const inRange = `slot = ${slot} AND pos_bucket BETWEEN ${from} AND ${to}${periods}`;
    const ofGrain = (grain: string) => `${inRange} AND grain = '${grain}'`;
    const bucket = int(`position / ${size}`);
    const contributions = `slot = ${slot} AND position BETWEEN ${from * size} AND ${(to + 1) * size - 1}`;
    const statements = [
      ...both(
        true,
        `${slot}, 'm', substr(occurred_at, 1, 7), ${bucket}, ${all}`,
        ['substr(occurred_at, 1, 7)', bucket, all],
        contributions,
      ),
      ...both(false, `${slot}, 'y', substr(period, 1, 4), pos_bucket, ${all}`, ['substr(period, 1, 4)', 'pos_bucket', all], ofGrain('m')),
    ];
    for (const cube of layout.smallCubes) {
      if (keepsDays(cube)) {
        statements.push(
          ...both(
            true,
            `${slot}, '${grainColumn('d', cube)}', substr(occurred_at, 1, 10), ${bucket}, ${dims(cube)}`,
            ['substr(occurred_at, 1, 10)', bucket, ...kept(cube)],
            contributions,
          ),
        );
      }
      const months = grainColumn('m', cube);
      statements.push(
        ...both(false, `${slot}, '${months}', period, pos_bucket, ${dims(cube)}`, ['period', 'pos_bucket', ...kept(cube)], ofGrain('m')),
        ...both(
          false,
          `${slot}, '${grainColumn('y', cube)}', substr(period, 1, 4), pos_bucket, ${dims(cube)}`,
          ['substr(period, 1, 4)', 'pos_bucket', ...kept(cube)],
          ofGrain(months),
        ),
      );
    }
    return statements;
  };
  const overall = layout.overall.flatMap((cube) =>
    [grainColumn('m', cube), grainColumn('y', cube)].map((grain) => ({
      grain,
      statements: (period?: string) =>
        both(
          false,
          `${slot}, '${grain}', period, ${ALL_POSITIONS}, ${dims(cube)}`,
          ['period', ...kept(cube)],
          `slot = ${slot} AND grain = '${grain}'${period === undefined ? '' : ` AND period = ${quoted(period)}`} AND pos_bucket >= 0`,
        ),
    })),
  );
  return { buckets, overall };
}
