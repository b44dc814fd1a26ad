import type { AnswerRow, CellTotals, FigureDefinition, MeasureValue } from '../definitions/figure-definition';
import type { AggregateGroup } from '../figure-store.port';
import { columnTotal, integerItem } from './aggregate-accumulator';
import { eventCounter } from './event-count';
import type { FigureQuery } from './figure-query';

/**
 * Cells from the window's sums (flows), with stock columns taken instead from `stockGroups` (every contribution up to
 * the window's end): cumulated period by period when the answer groups by year or month, so each row's stock
 * stands at the end of its period (or at `stocksAt`).
 */
export function buildAnswerRows(
  definition: FigureDefinition,
  query: FigureQuery,
  groups: readonly AggregateGroup[],
  stockGroups: readonly AggregateGroup[] | undefined,
  stocksAt: string | undefined,
): { answerRows: AnswerRow[]; events: number } {
  interface Cell extends CellTotals {
    group: readonly string[];
    sums: Record<string, bigint>;
    distinct: Record<string, number>;
    distinctItems: Record<string, string[]>;
    histograms: CellTotals['histograms'];
    /** The item totals of each histogram column, turned into `histograms` only when compute reads one. */
    histogramItems: Record<string, ReadonlyMap<string, bigint>[]>;
    events: bigint;
    nonZero: boolean;
  }
  const cells = new Map<string, Cell>();
  const cellOf = (group: readonly string[]): Cell => {
    // Group values hold no NUL (as in the projector's rollup keys).
    const key = group.join('\u0000');
    let cell = cells.get(key);
    if (!cell) {
      cell = { group, sums: {}, distinct: {}, distinctItems: {}, histograms: {}, histogramItems: {}, events: 0n, nonZero: false };
      cells.set(key, cell);
    }
    return cell;
  };
  let events = 0n;
  const columns = definition.columns;
  const count = eventCounter(definition, query);
  for (const aggregate of groups) {
    const cell = cellOf(aggregate.group);
    cell.events += count.row(aggregate);
    events += count.total(aggregate);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const byItem = aggregate.columns[i];
      if (byItem === undefined || column.stock || i === count.column) continue;
      const name = column.name;
      if (column.kind === 'histogram') {
        if (someNonZero(byItem)) {
          (cell.histogramItems[name] ??= []).push(byItem);
          cell.nonZero = true;
        }
        continue;
      }
      for (const [item, value] of byItem) {
        if (value === 0n) continue;
        if (column.kind === 'sumToDate') {
          if (stocksAt !== undefined && item > stocksAt) continue;
          cell.sums[name] = (cell.sums[name] ?? 0n) + value;
        } else if (column.kind === 'sum') cell.sums[name] = (cell.sums[name] ?? 0n) + value;
        else if (value > 0n) {
          cell.distinct[name] = (cell.distinct[name] ?? 0) + 1;
          (cell.distinctItems[name] ??= []).push(item);
        }
        cell.nonZero = true;
      }
    }
  }
  if (stockGroups) addStocks(definition, query, stockGroups, stocksAt!, cellOf);
  if (query.groupBy.length === 0 && cells.size === 0) cellOf([]).nonZero = true;
  const ordered = [...cells.values()]
    .filter((cell) => cell.nonZero || query.groupBy.length === 0)
    .sort((a, b) => compareGroups(a.group, b.group));
  const answerRows: AnswerRow[] = ordered.map((cell) => {
    cell.histograms = lazyHistograms(cell.histogramItems);
    for (const items of Object.values(cell.distinctItems)) items.sort();
    const computed = definition.compute(cell, query.groupBy, query.options);
    const measures: Record<string, MeasureValue> = {};
    for (const measure of definition.measures) measures[measure.name] = computed[measure.name] ?? null;
    const group: Record<string, string | null> = {};
    query.groupBy.forEach((name, i) => (group[name] = cell.group[i] === '' ? null : cell.group[i]));
    return { group, measures, events: Number(cell.events) };
  });
  return { answerRows: definition.finish ? definition.finish(answerRows, query.groupBy) : answerRows, events: Number(events) };
}

const someNonZero = (byItem: ReadonlyMap<string, bigint>): boolean => {
  for (const value of byItem.values()) if (value !== 0n) return true;
  return false;
};

/**
 * Histograms that are built when read: a definition reads some of its histogram columns only (le-requests v2 one of
 * two, by cohort), and building one (a BigInt and a pair per item, then a sort) was much of a many-item answer.
 */
function lazyHistograms(itemsByColumn: Readonly<Record<string, readonly ReadonlyMap<string, bigint>[]>>): CellTotals['histograms'] {
  const histograms: Record<string, ReadonlyArray<readonly [bigint, bigint]>> = {};
  for (const [name, byItems] of Object.entries(itemsByColumn)) {
    let built: [bigint, bigint][] | undefined;
    Object.defineProperty(histograms, name, { enumerable: true, get: () => (built ??= histogramOf(byItems)) });
  }
  return histograms;
}

/** Ascending [value, multiplicity] pairs of the items whose total is positive. */
function histogramOf(byItems: readonly ReadonlyMap<string, bigint>[]): [bigint, bigint][] {
  const histogram: [bigint, bigint][] = [];
  for (const byItem of byItems) for (const [item, value] of byItem) if (value > 0n) histogram.push([integerItem(item), value]);
  return histogram.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Sets each cell's stock columns: the total of every contribution up to the end of the cell's period. */
function addStocks(
  definition: FigureDefinition,
  query: FigureQuery,
  stockGroups: readonly AggregateGroup[],
  stocksAt: string,
  cellOf: (group: readonly string[]) => CellTotals & { sums: Record<string, bigint>; nonZero: boolean },
): void {
  const stockColumns = definition.columns.flatMap((column, i) => (column.stock ? [{ name: column.name, index: i }] : []));
  const monthAt = query.groupBy.indexOf('month');
  const yearAt = query.groupBy.indexOf('year');
  const grain: 'm' | 'y' | undefined = monthAt >= 0 ? 'm' : yearAt >= 0 ? 'y' : undefined;
  const periodAt = grain === 'm' ? monthAt : yearAt;
  // Stock totals by the group's other values, then by period.
  const byOthers = new Map<string, { sample: readonly string[]; byPeriod: Map<string, bigint[]> }>();
  for (const stock of stockGroups) {
    const others = stock.group.map((value, i) => (i === monthAt || i === yearAt ? '' : value));
    const key = others.join('\u0000');
    let entry = byOthers.get(key);
    if (!entry) byOthers.set(key, (entry = { sample: others, byPeriod: new Map() }));
    const period = grain === undefined ? '' : stock.group[periodAt];
    let totals = entry.byPeriod.get(period);
    if (!totals) entry.byPeriod.set(period, (totals = stockColumns.map(() => 0n)));
    stockColumns.forEach((column, j) => (totals![j] += columnTotal(stock, column.index)));
  }
  const end = query.windowTo === undefined || query.windowTo > stocksAt ? stocksAt : query.windowTo;
  const lastPeriod = grain === undefined ? '' : end.slice(0, grain === 'm' ? 7 : 4);
  const firstPeriod = grain === undefined || query.windowFrom === undefined ? '' : query.windowFrom.slice(0, grain === 'm' ? 7 : 4);
  for (const { sample, byPeriod } of byOthers.values()) {
    const running = stockColumns.map(() => 0n);
    const periods = [...byPeriod.keys()].sort();
    for (
      let period = periods[0];
      period !== undefined && period <= lastPeriod;
      period = grain === undefined ? (undefined as unknown as string) : nextPeriod(grain, period)
    ) {
      const totals = byPeriod.get(period);
      if (totals) totals.forEach((value, j) => (running[j] += value));
      if (period < firstPeriod) continue;
      const group = sample.slice();
      if (grain !== undefined) {
        if (monthAt >= 0) group[monthAt] = period;
        if (yearAt >= 0) group[yearAt] = period.slice(0, 4);
      }
      const nonZero = running.some((value) => value !== 0n);
      if (!nonZero && !cellExists(cellOf, group)) continue;
      const cell = cellOf(group);
      stockColumns.forEach((column, j) => (cell.sums[column.name] = running[j]));
      if (nonZero) cell.nonZero = true;
    }
  }
}

function nextPeriod(grain: 'm' | 'y', period: string): string {
  if (grain === 'y') return String(Number(period) + 1).padStart(4, '0');
  const [year, month] = [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
  return month === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${period.slice(0, 4)}-${String(month + 1).padStart(2, '0')}`;
}

/** Whether a cell exists without creating it: cellOf creates, so look for a marker it leaves (nonZero or sums). */
function cellExists(
  cellOf: (group: readonly string[]) => { nonZero: boolean; sums: Record<string, bigint> },
  group: readonly string[],
): boolean {
  const cell = cellOf(group);
  return cell.nonZero || Object.keys(cell.sums).length > 0;
}

function compareGroups(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
