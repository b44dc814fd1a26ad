import type { Database as Connection } from 'better-sqlite3';
import { VALUE_COLUMNS } from '../figure-store.port';
import { VALUE_NAMES } from '../sql/aggregate-select';
import { PACKED_ROLLUP_TABLE, type PackedItemSql } from '../sql/rollup-derivation';

/**
 * The item rows of a rollup cell (histogram and distinct detail: about 156 items per month x country cell of
 * le-requests v2), packed into one value: an answer reads one row per cell and unpacks the items here, instead of
 * SQLite reading, sorting and returning a row per (cell, item).
 *
 * Packed text is JSON: `[[item, events, column, value, column, value, ...], ...]`, one entry per item, items in
 * ascending order (JavaScript string order), only the columns (0-based) whose value is not 0. A number that is a
 * safe integer is written as a number, a larger one as its decimal digits in a string: exact at any size. An item
 * whose events and values are all 0 is left out (it adds nothing to any answer); a cell whose items all cancel
 * stays as `[]`, so the live upserts and the rebuild's derivation leave the same rows.
 */

/** Sums of one item of a cell. */
export interface ItemSums {
  events: bigint;
  readonly values: bigint[];
}

export type PackedCell = Map<string, ItemSums>;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DIGITS = /^-?\d+$/;

function encodeInteger(value: bigint): number | string {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
}

function decodeInteger(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && DIGITS.test(value)) return BigInt(value);
  throw new RangeError(`packed figure value ${String(value)} is not an exact integer`);
}

/** A stored column value (bigint, safe number, or digits and `n` past 64 bits: exact-values.ts) as a bigint. */
function storedInteger(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+n$/.test(value)) return BigInt(value.slice(0, -1));
  throw new RangeError(`figure value ${String(value)} is not an exact integer`);
}

export function emptyItemSums(): ItemSums {
  return { events: 0n, values: new Array<bigint>(VALUE_COLUMNS).fill(0n) };
}

/** Adds one item's sums into a cell. */
export function addItem(cell: PackedCell, item: string, events: bigint, values: readonly bigint[]): void {
  let sums = cell.get(item);
  if (!sums) cell.set(item, (sums = emptyItemSums()));
  sums.events += events;
  for (let i = 0; i < VALUE_COLUMNS; i++) if (values[i] !== 0n && values[i] !== undefined) sums.values[i] += values[i];
}

export function packItems(cell: PackedCell): string {
  const entries: (string | number)[][] = [];
  for (const item of [...cell.keys()].sort()) {
    const sums = cell.get(item)!;
    const entry: (string | number)[] = [item, encodeInteger(sums.events)];
    for (let i = 0; i < VALUE_COLUMNS; i++) if (sums.values[i] !== 0n) entry.push(i, encodeInteger(sums.values[i]));
    if (sums.events !== 0n || entry.length > 2) entries.push(entry);
  }
  return JSON.stringify(entries);
}

/** Parsed packed text (JSON.parse of it, or of a larger JSON holding it) into a cell, added to `into`. */
export function addPackedEntries(into: PackedCell, entries: unknown): PackedCell {
  if (!Array.isArray(entries)) throw new RangeError('packed figure items are not a JSON array');
  for (const entry of entries as unknown[][]) {
    const sums = emptyItemSums();
    sums.events = decodeInteger(entry[1]);
    for (let j = 2; j < entry.length; j += 2) sums.values[entry[j] as number] = decodeInteger(entry[j + 1]);
    addItem(into, entry[0] as string, sums.events, sums.values);
  }
  return into;
}

export const unpackItems = (packed: string): PackedCell => addPackedEntries(new Map(), JSON.parse(packed));

/** Two packed cells summed item by item (the live upsert's merge of a delta into the stored row). */
export const addPacked = (a: string, b: string): string => packItems(addPackedEntries(unpackItems(a), JSON.parse(b)));

/**
 * Registers on a connection: `ledger_items_pack(item, events, v1..v16)`, the aggregate packing contributions of a
 * cell; `ledger_items_merge(packed)`, the aggregate summing packed cells; `ledger_items_add(a, b)`, two packed cells
 * summed (an upsert's merge).
 */
export function registerPackedItemFunctions(db: Connection): void {
  db.aggregate('ledger_items_pack', {
    safeIntegers: true,
    deterministic: true,
    varargs: true,
    start: () => new Map<string, ItemSums>(),
    // The driver's types know one argument a step; SQLite passes this one item, events, v1..v16.
    step: ((cell: PackedCell, item: unknown, events: unknown, ...values: unknown[]) => {
      addItem(cell, item as string, storedInteger(events), values.map(storedInteger));
      return cell;
    }) as (cell: PackedCell, next: unknown) => PackedCell,
    result: (cell: PackedCell) => packItems(cell),
  });
  db.aggregate('ledger_items_merge', {
    deterministic: true,
    start: () => new Map<string, ItemSums>(),
    step: (cell: PackedCell, packed: unknown) => addPackedEntries(cell, JSON.parse(packed as string)),
    result: (cell: PackedCell) => packItems(cell),
  });
  db.function('ledger_items_add', { deterministic: true }, (a: unknown, b: unknown) => addPacked(a as string, b as string));
}

/** The rebuild's derivation of packed rows with the aggregates registerPackedItemFunctions registers. */
export const SQLITE_PACKED_ITEM_SQL: PackedItemSql = {
  pack: (head, groupBy, from) =>
    `SELECT ${head}, ledger_items_pack(item, events, ${VALUE_NAMES.join(', ')}) ${from} GROUP BY ${groupBy.join(', ')}`,
  merge: (head, groupBy, where) =>
    `SELECT ${head}, ledger_items_merge(items) FROM ${PACKED_ROLLUP_TABLE} WHERE ${where} GROUP BY ${groupBy.join(', ')}`,
};
