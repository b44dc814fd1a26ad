import type { AggregateRow } from '../figure-store.port';
import { VALUE_COLUMNS } from '../figure-store.port';

function exactInteger(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  // A float here means an integer overflowed somewhere: refuse rather than answer an inexact figure.
  throw new RangeError(`figure store returned a non-integer total ${String(value)}`);
}

/** A stored total as an exact integer; null (no rows) and zero, most of a row's values, allocate nothing. */
const exactTotal = (value: unknown): bigint => (value === null || value === 0 || value === 0n ? 0n : exactInteger(value));

const ZEROS: readonly bigint[] = new Array<bigint>(VALUE_COLUMNS).fill(0n);

/** Merges partial sums (rollup ranges, raw ranges) by (group, item), exactly. */
export class AggregateAccumulator {
  private readonly byKey = new Map<string, { group: string[]; item: string; events: bigint; values: bigint[] }>();
  private readonly unique: AggregateRow[] = [];

  /**
   * @param sources how many result sets will be added. With one, every (group, item) comes once (each is a GROUP BY
   *   result) and rows are kept as they come, without merging.
   */
  constructor(private readonly sources = 2) {}

  /**
   * One result row as the stores select it (aggregateSelect): `groups` group values, item, events, then the value
   * sums. Values may be numbers (safe integers), bigints or decimal text; anything else is refused.
   */
  addRow(row: readonly unknown[], groups: number): void {
    const groupValues = new Array<string>(groups);
    for (let i = 0; i < groups; i++) groupValues[i] = String(row[i] ?? '');
    const item = row[groups] as string;
    const first = groups + 2;
    if (this.sources === 1) {
      const exact = new Array<bigint>(VALUE_COLUMNS);
      for (let i = 0; i < VALUE_COLUMNS; i++) exact[i] = exactTotal(row[first + i]);
      this.unique.push({ group: groupValues, item, events: exactTotal(row[groups + 1]), values: exact });
      return;
    }
    // Same separator assumption as the projector's rollup keys: dimension values and items hold no NUL.
    const key = `${groupValues.join('\u0000')}\u0001${item}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { group: groupValues, item, events: 0n, values: new Array<bigint>(VALUE_COLUMNS).fill(0n) };
      this.byKey.set(key, entry);
    }
    entry.events += exactTotal(row[groups + 1]);
    for (let i = 0; i < VALUE_COLUMNS; i++) {
      const value = row[first + i];
      if (value !== null && value !== 0 && value !== 0n) entry.values[i] += exactInteger(value);
    }
  }

  /**
   * The items of one group, packed (a store keeping each cell's items in one row): entries `[item, events, column,
   * value, ...]` with only the columns whose value is not 0, integers as safe numbers or decimal text. The rows
   * share `group`, and each entry makes one values array (a cell holds about 156 items: most of a many-row answer).
   */
  addPacked(group: string[], entries: readonly (readonly unknown[])[]): void {
    for (const entry of entries) {
      const item = entry[0] as string;
      if (this.sources === 1) {
        const values = ZEROS.slice();
        for (let j = 2; j < entry.length; j += 2) values[entry[j] as number] = exactInteger(entry[j + 1]);
        this.unique.push({ group, item, events: exactInteger(entry[1]), values });
        continue;
      }
      const key = `${group.join('\u0000')}\u0001${item}`;
      let found = this.byKey.get(key);
      if (!found) this.byKey.set(key, (found = { group, item, events: 0n, values: ZEROS.slice() }));
      found.events += exactInteger(entry[1]);
      for (let j = 2; j < entry.length; j += 2) found.values[entry[j] as number] += exactInteger(entry[j + 1]);
    }
  }

  rows(): AggregateRow[] {
    return this.sources === 1 ? this.unique : [...this.byKey.values()];
  }
}
