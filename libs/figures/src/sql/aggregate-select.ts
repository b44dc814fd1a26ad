import type { GroupColumn } from '../figure-store.port';
import { DIMENSION_COLUMNS, VALUE_COLUMNS } from '../figure-store.port';

/** Column names and the aggregate SELECT lists both figure stores build their queries from (standard SQL). */

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

/**
 * Columns selected by every aggregate: group expressions, item, events, v1..v16 sums. Without `perItem`, item is ''
 * and rows are grouped by the group expressions only (and slot, one value per query, so the GROUP BY is never empty);
 * the rows read are then the item-less ones only (itemWhere).
 */
export function aggregateSelect(
  groupBy: readonly GroupColumn[],
  timeColumn: 'period' | 'occurred_at',
  perItem = true,
): { select: string; groupBy: string } {
  const groups = groupBy.map((column, i) => `${groupExpression(column, timeColumn)} AS g${i}`);
  const groupRefs = [...groupBy.map((column) => groupExpression(column, timeColumn)), perItem ? 'item' : 'slot'];
  return {
    select: [...groups, perItem ? 'item' : "'' AS item", 'SUM(events) AS events', ...VALUE_NAMES.map((v) => `SUM(${v}) AS ${v}`)].join(
      ', ',
    ),
    groupBy: groupRefs.join(', '),
  };
}

/**
 * The WHERE condition an aggregate adds for its items: none per item; without `perItem` (stock totals, AggregateSpec)
 * only the rows without an item, the only ones that may move a stock (the projector refuses others: ColumnSpec.stock).
 * On the demo's le-requests v2 by month x country those are 975 of the 152,863 rows read (the rest are response-time
 * histograms).
 */
export function itemWhere(perItem: boolean): string {
  return perItem ? '' : " AND item = ''";
}

/** The same columns as aggregateSelect, from rollup rows that are already one per (group, item); `groups`: the
 *  group expressions alone. */
export function ungroupedSelect(groupBy: readonly GroupColumn[]): { select: string; groups: string } {
  const groups = groupBy.map((column, i) => `${groupExpression(column, 'period')} AS g${i}`);
  return { select: [...groups, 'item', 'events', ...VALUE_NAMES].join(', '), groups: groups.join(', ') };
}
