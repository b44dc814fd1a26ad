import type { Database as Connection } from 'better-sqlite3';
import type { ProjectionBatch } from '../figure-store.port';
import { VALUE_NAMES } from '../sql/aggregate-select';

/**
 * Exact figure values in SQLite, whose integers are 64-bit (about 92 billion USD in 10^-8 units) while the domain
 * accepts amounts of 30 integer digits and sums have no bound at all.
 *
 * A value that fits 64 bits is stored as an INTEGER and summed by SQLite itself. A larger one is stored as its
 * decimal digits followed by `n` (`123456789012345678901234567890n`): text that is not a number to SQLite, so the
 * INTEGER column's affinity never turns it into a lossy float. Upserts add natively while both sides are small
 * enough that the sum cannot overflow, otherwise through `ledger_add`; a figure holding any wide value is listed in
 * figure_wide, and its queries sum with `ledger_sum` (a query that overflows native SUM() is rerun the same way).
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Two integers within ±2^62 sum within 64 bits. */
const NATIVE_ADD_BOUND = '4611686018427387903';

export const WIDE_SCHEMA = 'CREATE TABLE IF NOT EXISTS figure_wide (slot INTEGER PRIMARY KEY)';

const WIDE = /^-?\d+n$/;

/** What a value is bound as: the integer itself when it fits 64 bits, otherwise its digits and `n`. */
export function storedValue(value: bigint): bigint | string {
  return value >= INT64_MIN && value <= INT64_MAX ? value : `${value}n`;
}

/** A stored value (or an exact sum) as something BigInt() takes: a bigint, a safe number or digits. */
export function unstoredValue(value: unknown): unknown {
  return typeof value === 'string' && WIDE.test(value) ? value.slice(0, -1) : value;
}

function toBigInt(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && WIDE.test(value)) return BigInt(value.slice(0, -1));
  // A float or stray text would make a figure inexact: refuse it loudly.
  throw new RangeError(`figure value ${String(value)} is not an exact integer`);
}

/** `a + b` for an upsert: native while it cannot overflow, else exact. */
export function exactAddSql(a: string, b: string): string {
  const small = (x: string) => `typeof(${x}) = 'integer' AND ${x} BETWEEN -${NATIVE_ADD_BOUND} AND ${NATIVE_ADD_BOUND}`;
  return `CASE WHEN ${small(a)} AND ${small(b)} THEN ${a} + ${b} ELSE ledger_add(${a}, ${b}) END`;
}

/** An aggregate select list with every value SUM() replaced by the exact sum. */
export function exactSumsSql(select: string): string {
  const names = new Set(VALUE_NAMES);
  return select.replace(/SUM\((\w+)\)/g, (whole, column: string) => (names.has(column) ? `ledger_sum(${column})` : whole));
}

/** SQLite's SUM() past 64 bits. Duck-typed: the driver's error class may come from another realm (jest). */
export function isIntegerOverflow(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /integer overflow/i.test(message);
}

/** Registers ledger_add and ledger_sum on a connection; `widened` turns true when an add leaves 64 bits. */
export function registerExactFunctions(db: Connection): { widened: boolean } {
  const state = { widened: false };
  db.function('ledger_add', { deterministic: true, safeIntegers: true }, (a: unknown, b: unknown) => {
    const stored = storedValue(toBigInt(a) + toBigInt(b));
    if (typeof stored === 'string') state.widened = true;
    return stored;
  });
  db.aggregate('ledger_sum', {
    safeIntegers: true,
    deterministic: true,
    start: () => 0n,
    step: (total: bigint, value: unknown) => total + toBigInt(value),
    // An answer, not a stored value: plain digits past 64 bits (the accumulator reads bigints or digits).
    result: (total: bigint) => (total >= INT64_MIN && total <= INT64_MAX ? total : total.toString()),
  });
  // A stored value (digits and `n` past 64 bits): what deriving rollups inside the store writes.
  db.aggregate('ledger_sum_stored', {
    safeIntegers: true,
    deterministic: true,
    start: () => 0n,
    step: (total: bigint, value: unknown) => total + toBigInt(value),
    result: (total: bigint) => storedValue(total),
  });
  return state;
}

/**
 * Inside a commit's transaction: lists the figures that now hold a wide value (one written as such, or any figure
 * of the batch when an upsert's sum left 64 bits), so their queries sum exactly. Resets `widened`.
 */
export function markWideFigures(
  db: Connection,
  batch: ProjectionBatch,
  exact: { widened: boolean },
  slotOf: (figure: string) => number,
): void {
  const figures = new Set<string>();
  const isWide = (values: readonly bigint[]) => values.some((v) => typeof storedValue(v) === 'string');
  for (const c of batch.contributions) if (isWide(c.values)) figures.add(c.figure);
  for (const r of batch.rollups) if (exact.widened || isWide(r.values)) figures.add(r.figure);
  exact.widened = false;
  if (figures.size === 0) return;
  const mark = db.prepare('INSERT OR IGNORE INTO figure_wide (slot) VALUES (?)');
  for (const figure of figures) mark.run(slotOf(figure));
}
