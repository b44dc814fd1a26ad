import type { AggregateGroup } from '../figure-store.port';
import { VALUE_COLUMNS } from '../figure-store.port';

/** The small non-negative integers as BigInts, made once: most totals and histogram items are small, and each
 *  BigInt made is a heap object (garbage collection was the largest part of a many-item answer). */
const SMALL = Array.from({ length: 1 << 14 }, (_, i) => BigInt(i));
const SMALL_TEXT = SMALL.map(String);

/** An integer item (a histogram's value) as a BigInt; text BigInt() refuses is refused. */
export function integerItem(item: string): bigint {
  const small = Number(item);
  return SMALL_TEXT[small] === item ? SMALL[small] : BigInt(item);
}

function exactInteger(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value >= 0 && value < SMALL.length ? SMALL[value] : BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  // A float here means an integer overflowed somewhere: refuse rather than answer an inexact figure.
  throw new RangeError(`figure store returned a non-integer total ${String(value)}`);
}

/** Whether a stored total is 0 (null: no rows), most of a row's values: those allocate nothing. */
const isZero = (value: unknown): boolean => value === null || value === 0 || value === 0n;

interface GroupSums {
  readonly group: readonly string[];
  events: bigint;
  readonly columns: (Map<string, bigint> | undefined)[];
}

/**
 * Merges partial sums (rollup ranges, raw ranges) by group, then by column and item, exactly: an item's value is
 * kept in the map of each column it is not 0 in, so a many-item group costs a map entry per (item, column) used
 * rather than a row and a values array per item.
 */
export class AggregateAccumulator {
  private readonly byGroup = new Map<string, GroupSums>();

  /**
   * @param sources how many result sets will be added. With one, every (group, item) comes once (each is a GROUP BY
   *   result), so an item's value is set without looking for an earlier one.
   */
  constructor(private readonly sources = 2) {}

  private groupOf(group: readonly string[]): GroupSums {
    // Same separator assumption as the projector's rollup keys: dimension values hold no NUL.
    const key = group.join('\u0000');
    let sums = this.byGroup.get(key);
    if (!sums) this.byGroup.set(key, (sums = { group, events: 0n, columns: new Array(VALUE_COLUMNS).fill(undefined) }));
    return sums;
  }

  private addValue(sums: GroupSums, column: number, item: string, value: bigint): void {
    let byItem = sums.columns[column];
    if (!byItem) sums.columns[column] = byItem = new Map();
    if (this.sources === 1) byItem.set(item, value);
    else byItem.set(item, (byItem.get(item) ?? 0n) + value);
  }

  /**
   * One result row as the stores select it (aggregateSelect): `groups` group values, item, events, then the value
   * sums. Values may be numbers (safe integers), bigints or decimal text; anything else is refused.
   */
  addRow(row: readonly unknown[], groups: number): void {
    const groupValues = new Array<string>(groups);
    for (let i = 0; i < groups; i++) groupValues[i] = String(row[i] ?? '');
    const sums = this.groupOf(groupValues);
    const item = row[groups] as string;
    if (!isZero(row[groups + 1])) sums.events += exactInteger(row[groups + 1]);
    const first = groups + 2;
    for (let i = 0; i < VALUE_COLUMNS; i++) {
      const value = row[first + i];
      if (!isZero(value)) this.addValue(sums, i, item, exactInteger(value));
    }
  }

  /**
   * The items of one group, packed (a store keeping each cell's items in one row): entries `[item, events, column,
   * value, ...]` with only the columns whose value is not 0, integers as safe numbers or decimal text.
   */
  addPacked(group: readonly string[], entries: readonly (readonly unknown[])[]): void {
    if (entries.length === 0) return;
    const sums = this.groupOf(group);
    for (const entry of entries) {
      const item = entry[0] as string;
      if (!isZero(entry[1])) sums.events += exactInteger(entry[1]);
      for (let j = 2; j < entry.length; j += 2) this.addValue(sums, entry[j] as number, item, exactInteger(entry[j + 1]));
    }
  }

  groups(): AggregateGroup[] {
    return [...this.byGroup.values()];
  }
}

/** A column's total over the group's items. */
export function columnTotal(group: AggregateGroup, column: number): bigint {
  let total = 0n;
  for (const value of group.columns[column]?.values() ?? []) total += value;
  return total;
}
