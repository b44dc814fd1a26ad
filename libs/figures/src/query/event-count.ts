import type { FigureDefinition } from '../definitions/figure-definition';
import type { AggregateGroup } from '../figure-store.port';
import { columnTotal } from './aggregate-accumulator';
import type { FigureQuery } from './figure-query';

/** How one aggregate group adds to a cell's `events` and to the answer's. */
export interface EventCounter {
  readonly row: (group: AggregateGroup) => bigint;
  readonly total: (group: AggregateGroup) => bigint;
  /** Index of the year-marks column (-1: none): it makes no row on its own, as marks never cancel. */
  readonly column: number;
}

const overall = (group: AggregateGroup) => group.events;

/**
 * A figure with year marks (FigureDefinition.yearEvents) counts an event once per business year it contributes to,
 * and once overall on its first contribution. A cell or answer that lies within one year reads the year marks (an
 * event counts there if it contributes anywhere in that year, not only where its first contribution falls); one
 * spanning years reads the overall marks (an event touching two years counts once). Neither ever counts an event
 * twice in one cell; see the methodology for where they count it not at all.
 */
export function eventCounter(definition: FigureDefinition, query: Pick<FigureQuery, 'groupBy' | 'windowFrom' | 'windowTo'>): EventCounter {
  const column = definition.yearEvents === undefined ? -1 : definition.columns.findIndex((c) => c.name === definition.yearEvents);
  if (column < 0) return { row: overall, total: overall, column };
  const inYear = (group: AggregateGroup) => columnTotal(group, column);
  const { windowFrom, windowTo } = query;
  const windowInOneYear = windowFrom !== undefined && windowTo !== undefined && windowFrom.slice(0, 4) === windowTo.slice(0, 4);
  const rowsInOneYear = windowInOneYear || query.groupBy.includes('year') || query.groupBy.includes('month');
  return { row: rowsInOneYear ? inYear : overall, total: windowInOneYear ? inYear : overall, column };
}
