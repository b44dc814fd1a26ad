import type { AggregateRow } from '../figure-store.port';
import { VALUE_COLUMNS } from '../figure-store.port';

function exactInteger(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  // A float here means an integer overflowed somewhere: refuse rather than answer an inexact figure.
  throw new RangeError(`figure store returned a non-integer total ${String(value)}`);
}

/** Merges partial sums (rollup ranges, raw ranges) by (group, item), exactly. */
export class AggregateAccumulator {
  private readonly byKey = new Map<string, { group: string[]; item: string; events: bigint; values: bigint[] }>();
  private readonly unique: AggregateRow[] = [];

  /**
   * @param sources how many result sets will be added. With one, every (group, item) comes once (each is a GROUP BY
   *   result) and rows are kept as they come, without merging.
   */
  constructor(private readonly sources = 2) {}

  add(group: readonly unknown[], item: string, events: unknown, values: readonly unknown[]): void {
    const groupValues = group.map((g) => String(g ?? ''));
    if (this.sources === 1) {
      const exact = new Array<bigint>(VALUE_COLUMNS);
      for (let i = 0; i < VALUE_COLUMNS; i++) exact[i] = values[i] === null ? 0n : exactInteger(values[i]);
      this.unique.push({ group: groupValues, item, events: events === null ? 0n : exactInteger(events), values: exact });
      return;
    }
    // Same separator assumption as the projector's rollup keys: dimension values and items hold no NUL.
    const key = `${groupValues.join('\u0000')}\u0001${item}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { group: groupValues, item, events: 0n, values: new Array<bigint>(VALUE_COLUMNS).fill(0n) };
      this.byKey.set(key, entry);
    }
    if (events !== null) entry.events += exactInteger(events);
    for (let i = 0; i < VALUE_COLUMNS; i++) {
      const value = values[i];
      if (value !== null && value !== 0n) entry.values[i] += exactInteger(value);
    }
  }

  rows(): AggregateRow[] {
    return this.sources === 1 ? this.unique : [...this.byKey.values()];
  }
}
