import type { ContributionRow, StoredDimensions } from '../figure-store.port';
import { DIMENSION_COLUMNS, KNOWN_BLOCK, VALUE_COLUMNS } from '../figure-store.port';
import { DIMENSION_NAMES, VALUE_NAMES } from './aggregate-select';

/** How both figure stores turn a batch into rows and stored rows back into ContributionRows. */

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

/** The earliest and latest known time of the contributions in each block of `blockSize` positions. */
export function knownTimesByBlock(
  rows: readonly ContributionRow[],
  blockSize = KNOWN_BLOCK,
): Map<number, { earliest: string; latest: string }> {
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

/** The contributions that carry each event's identity (figure_event): the first of each position, in batch order. */
export function eventIdentities(contributions: readonly ContributionRow[]): ContributionRow[] {
  const seen = new Set<number>();
  return contributions.filter((c) => !seen.has(c.position) && seen.add(c.position));
}

/** Indexes of the dimensions and value columns some row sets (not '' and not 0). */
export function usedColumns(rows: readonly { dims: StoredDimensions; values: readonly bigint[] }[]): { dims: number[]; values: number[] } {
  let dimMask = 0;
  let valueMask = 0;
  const allDims = (1 << DIMENSION_COLUMNS) - 1;
  const allValues = (1 << VALUE_COLUMNS) - 1;
  for (const row of rows) {
    if (dimMask !== allDims) for (let i = 0; i < DIMENSION_COLUMNS; i++) if (row.dims[i]) dimMask |= 1 << i;
    if (valueMask !== allValues) for (let i = 0; i < VALUE_COLUMNS; i++) if (row.values[i] !== 0n) valueMask |= 1 << i;
  }
  const pick = (mask: number, n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
  return { dims: pick(dimMask, DIMENSION_COLUMNS), values: pick(valueMask, VALUE_COLUMNS) };
}
