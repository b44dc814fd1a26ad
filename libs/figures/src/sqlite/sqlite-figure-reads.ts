import type { Statement } from 'better-sqlite3';
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
import type { Grain } from '../model/business-time';
import { AggregateAccumulator } from '../query/aggregate-accumulator';
import { aggregateSelect, itemWhere, ungroupedSelect, VALUE_NAMES } from '../sql/aggregate-select';
import { toContributionRow } from '../sql/stored-rows';
import { PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { exactSumsSql, unstoredValue } from './exact-values';

/**
 * Whether a rollup range's rows are already one per (group, item): one position bucket (ALL_POSITIONS), a cube
 * keeping exactly the grouped dimensions, and periods that are the time groups (years grouped by year, months by
 * month).
 */
function rowsAreGroups(spec: AggregateSpec, grain: Grain): boolean {
  if (!readsAllPositions(spec, grain) || spec.perItem === false) return false;
  let grouped = 0;
  for (const column of spec.groupBy) if (column !== 'year' && column !== 'month') grouped |= 1 << (Number(column.slice(1)) - 1);
  if (grouped !== spec.rollup.cube) return false;
  return grain === 'y' ? spec.groupBy.includes('year') && !spec.groupBy.includes('month') : spec.groupBy.includes('month');
}

function dimensionWhere(filters: readonly DimensionFilter[], params: unknown[]): string {
  return filters
    .map((filter) => {
      params.push(...filter.values);
      return ` AND ${filter.column} IN (${filter.values.map(() => '?').join(', ')})`;
    })
    .join('');
}

/** The SQLite store's reads of one slot (run inside the store's read transaction). */
export class SqliteFigureReader {
  /** Every read goes through the store's cache of prepared statements. */
  constructor(private readonly prepare: (sql: string) => Statement) {}

  aggregate(spec: AggregateSpec, slot: number, exact: boolean): AggregateGroup[] {
    const perItem = spec.perItem !== false;
    // A range's packed rows are one per (group) where its rollup rows are one per (group, item): the two together
    // are then one source of unique (group, item) rows; otherwise its packed rows are merged like another source.
    let sources = spec.raw.length;
    for (const range of spec.rollup.periods) sources += perItem && !rowsAreGroups(spec, range.grain) ? 2 : 1;
    const accumulator = new AggregateAccumulator(sources);
    const rollup = aggregateSelect(spec.groupBy, 'period', perItem);
    const ungrouped = ungroupedSelect(spec.groupBy);
    for (const range of spec.rollup.periods) {
      const params: unknown[] = [slot, grainColumn(range.grain, spec.rollup.cube), range.from, range.to];
      let where = 'slot = ? AND grain = ? AND period BETWEEN ? AND ?';
      if (readsAllPositions(spec, range.grain)) {
        where += ' AND pos_bucket = ?';
        params.push(ALL_POSITIONS);
      } else {
        where += ' AND pos_bucket >= 0';
        if (spec.rollup.posBucketBelow !== undefined) {
          where += ' AND pos_bucket < ?';
          params.push(spec.rollup.posBucketBelow);
        }
      }
      where += dimensionWhere(spec.filters, params) + itemWhere(perItem);
      // Rows that are already one per (group, item) need no GROUP BY (SQLite's sorter was most of such a query).
      const sql =
        rowsAreGroups(spec, range.grain) && !exact
          ? `SELECT ${ungrouped.select} FROM figure_rollup WHERE ${where}`
          : `SELECT ${exact ? exactSumsSql(rollup.select) : rollup.select} FROM figure_rollup WHERE ${where} GROUP BY ${rollup.groupBy}`;
      this.addRows(accumulator, sql, params, spec.groupBy.length);
      if (perItem) {
        const select = [ungrouped.groups, 'items'].filter((columns) => columns !== '').join(', ');
        this.addPackedRows(accumulator, `SELECT ${select} FROM ${PACKED_ROLLUP_TABLE} WHERE ${where}`, params, spec.groupBy.length);
      }
    }
    const raw = aggregateSelect(spec.groupBy, 'occurred_at', perItem);
    for (const range of spec.raw) {
      const params: unknown[] = [slot, range.from, range.to];
      let where = 'slot = ? AND occurred_at BETWEEN ? AND ?';
      if (range.positionFrom !== undefined) {
        where += ' AND position >= ?';
        params.push(range.positionFrom);
      }
      if (range.positionTo !== undefined) {
        // A window edge (a day or a few, every position below knownAt's bucket): by the time index. SQLite would
        // otherwise pick the primary key for `position <= ?` and walk every contribution of the slot below it.
        const edge = range.positionFrom === undefined && range.from !== '' && range.to !== '~';
        where += edge ? ' AND +position <= ?' : ' AND position <= ?';
        params.push(range.positionTo);
      }
      if (range.knownBy !== undefined) {
        where += ' AND known_at <= ?';
        params.push(range.knownBy);
      }
      where += dimensionWhere(spec.filters, params) + itemWhere(perItem);
      this.addRows(
        accumulator,
        `SELECT ${exact ? exactSumsSql(raw.select) : raw.select} FROM figure_contribution WHERE ${where} GROUP BY ${raw.groupBy}`,
        params,
        spec.groupBy.length,
      );
    }
    return accumulator.groups();
  }

  contributionPage(query: ContributionPageQuery, slot: number): ContributionRow[] {
    const params: unknown[] = [slot, query.after ?? 0, query.positionAtMost ?? Number.MAX_SAFE_INTEGER, query.from ?? '', query.to ?? '~'];
    let known = '';
    if (query.knownBy !== undefined) {
      known = ' AND known_at <= ?';
      params.push(query.knownBy);
    }
    const where = `slot = ? AND position > ? AND position <= ? AND occurred_at BETWEEN ? AND ?${known}${dimensionWhere(query.filters, params)}`;
    // Prepared once per shape (filters, knownBy): an answer known by a time probes the pages about 15 times.
    const positions = this.prepare(`SELECT DISTINCT position FROM figure_contribution WHERE ${where} ORDER BY position LIMIT ?`)
      .pluck()
      .all(...params, query.limit) as number[];
    if (positions.length === 0) return [];
    // The same bounds up to the last position picked: exactly the rows of the picked positions.
    const rowParams = [...params];
    rowParams[2] = positions[positions.length - 1];
    const rows = this.prepare(
      `SELECT c.*, e.event_id, e.stream, e.event_type, e.recorded_at FROM figure_contribution c JOIN figure_event e ON e.position = c.position
         WHERE ${where.replace(/\bposition\b/g, 'c.position')} ORDER BY c.position, c.seq`,
    )
      .safeIntegers(true)
      .all(...rowParams) as Record<string, unknown>[];
    for (const row of rows) {
      row.figure = query.figure;
      for (const v of VALUE_NAMES) row[v] = unstoredValue(row[v]);
    }
    return rows.map(toContributionRow);
  }

  private addRows(accumulator: AggregateAccumulator, sql: string, params: unknown[], groups: number): void {
    let rows = this.readAsJson(sql, params, groups);
    // A total past 2^53 comes back inexact as a number: then the range is read again with exact integers.
    if (!rows.every((row) => totalsAreExact(row, groups + 1)))
      rows = this.prepare(sql)
        .raw(true)
        .safeIntegers(true)
        .all(...params) as unknown[][];
    for (const row of rows) accumulator.addRow(row, groups);
  }

  /**
   * The packed item rows of a rollup range (`sql` selects the group expressions g0.., then items), each entry added
   * as the (group, item) row an item row would have been. Row by row: a range has about one packed row per group.
   */
  private addPackedRows(accumulator: AggregateAccumulator, sql: string, params: unknown[], groups: number): void {
    const rows = this.prepare(sql)
      .raw(true)
      .all(...params) as unknown[][];
    for (const row of rows) {
      const group = new Array<string>(groups);
      for (let i = 0; i < groups; i++) group[i] = String(row[i] ?? '');
      accumulator.addPacked(group, JSON.parse(row[groups] as string) as unknown[][]);
    }
  }

  /**
   * The rows of an aggregate as one JSON array built by SQLite and parsed at once: making a JS value of every column
   * of every row through the driver (19 a row, most of them 0) was most of the time of a many-row answer, and JSON
   * halves it (10,680 year x country x item rows: 20-24 ms as rows, 15 ms as JSON). Integers come back as numbers.
   */
  private readAsJson(sql: string, params: unknown[], groups: number): unknown[][] {
    const columns = [...Array.from({ length: groups }, (_, i) => `g${i}`), 'item', 'events', ...VALUE_NAMES].join(', ');
    try {
      const text = this.prepare(`SELECT json_group_array(json_array(${columns})) FROM (${sql})`)
        .pluck()
        .get(...params) as string;
      return JSON.parse(text) as unknown[][];
    } catch (error) {
      // Past SQLite's longest string: row by row, as numbers.
      if ((error as { code?: unknown } | null)?.code !== 'SQLITE_TOOBIG') throw error;
      return this.prepare(sql)
        .raw(true)
        .safeIntegers(false)
        .all(...params) as unknown[][];
    }
  }
}

/** Whether every total of a row read as numbers (events and values, from `first` on) is an exact integer. */
function totalsAreExact(row: readonly unknown[], first: number): boolean {
  for (let i = first; i < row.length; i++) {
    const value = row[i];
    if (typeof value === 'number' && !Number.isSafeInteger(value)) return false;
  }
  return true;
}
