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

  rows(): AggregateRow[] {
    return this.sources === 1 ? this.unique : [...this.byKey.values()];
  }
}
