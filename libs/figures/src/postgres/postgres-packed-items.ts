import { DIMENSION_NAMES, VALUE_NAMES } from '../sql/aggregate-select';
import { PACKED_ROLLUP_TABLE, type PackedItemSql } from '../sql/rollup-derivation';

/**
 * A rollup cell's item rows packed into one row of PACKED_ROLLUP_TABLE, in PostgreSQL: the text SQLite keeps
 * (sqlite/packed-items.ts: JSON `[[item, events, column, value, ...], ...]`, safe integers as numbers, wider ones as
 * decimal strings, items whose sums are all 0 left out, a cell whose items all cancel kept as `[]`), so both stores'
 * reads unpack it alike. Every packed row is made here, in SQL (NUMERIC sums are exact at any size), live and in a
 * rebuild alike, so both leave the same text. Items are ordered by code point ("C"): the answers sort items
 * themselves (answer-rows.ts), so the order only has to be the same on both paths.
 */

/** The sums of one item as `[item, events, column, value, ...]` text, or NULL when they are all 0. */
const ENTRY_FUNCTION = `
CREATE OR REPLACE FUNCTION ledger_item_integer(v numeric) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN abs(v) <= 9007199254740991 THEN v::text ELSE '"' || v::text || '"' END
$$;
CREATE OR REPLACE FUNCTION ledger_item_entry(item text, events numeric, ${VALUE_NAMES.map((v) => `${v} numeric`).join(', ')})
  RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN events <> 0 OR ${VALUE_NAMES.map((v) => `${v} <> 0`).join(' OR ')}
    THEN '[' || to_json(item)::text || ',' || ledger_item_integer(events)
      ${VALUE_NAMES.map((v, i) => `|| CASE WHEN ${v} <> 0 THEN ',${i},' || ledger_item_integer(${v}) ELSE '' END`).join('\n      ')}
      || ']'
  END
$$;`;

/** An item's sums from unpacked (item, col, value) rows `e` grouped by item: col -1 is its events. */
const UNPACKED_SUMS = [-1, ...VALUE_NAMES.map((_, i) => i)].map((col) => `COALESCE(SUM(e.value) FILTER (WHERE e.col = ${col}), 0)`);

/** Entries (ledger_item_entry text) of a cell's items as its packed text. */
const packedEntries = (entry: string, item: string) => `'[' || COALESCE(string_agg(${entry}, ',' ORDER BY ${item} COLLATE "C"), '') || ']'`;

/**
 * `ledger_items_unpack(items)`: a packed cell as (item, col, value) rows, col -1 its events; `ledger_items_add(a,
 * b)`: two packed cells summed item by item (the live upsert's merge of a delta into the stored row).
 */
const CELL_FUNCTIONS = `
CREATE OR REPLACE FUNCTION ledger_items_unpack(items text) RETURNS TABLE (item text, col int, value numeric)
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT entry->>0, CASE WHEN k = 0 THEN -1 ELSE (entry->>(2 * k))::int END, (entry->>(2 * k + 1))::numeric
  FROM jsonb_array_elements(items::jsonb) AS entry, generate_series(0, (jsonb_array_length(entry) - 2) / 2) AS k
$$;
CREATE OR REPLACE FUNCTION ledger_items_add(a text, b text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ${packedEntries('entry', 'item')} FROM (
    SELECT e.item, ledger_item_entry(e.item, ${UNPACKED_SUMS.join(', ')}) AS entry
    FROM (SELECT * FROM ledger_items_unpack(a) UNION ALL SELECT * FROM ledger_items_unpack(b)) AS e GROUP BY e.item) AS cell_items
$$;`;

/** Creates (or replaces) the functions above in the store's schema. */
export const PACKED_ITEM_FUNCTIONS = `${ENTRY_FUNCTION}\n${CELL_FUNCTIONS}`;

const CELL_COLUMNS = ['slot', 'grain', 'period', 'pos_bucket', ...DIMENSION_NAMES].join(', ');

/** The packed rows of `itemSums`, a SELECT of a cell's columns, item and its entry (one row per cell and item). */
export const packedCellsSql = (itemSums: string) =>
  `SELECT ${CELL_COLUMNS}, ${packedEntries('entry', 'item')} FROM (${itemSums}) AS cell_items (${CELL_COLUMNS}, item, entry) GROUP BY ${CELL_COLUMNS}`;

/** An item's entry from summed item rows (contributions, or rollup deltas) of `events` and v1..v16. */
export const SUMMED_ENTRY = `ledger_item_entry(item, SUM(events), ${VALUE_NAMES.map((v) => `SUM(${v})`).join(', ')})`;

/** The rebuild's derivation of packed rows (sql/rollup-derivation.ts) with the functions above. */
export const POSTGRES_PACKED_ITEM_SQL: PackedItemSql = {
  pack: (head, groupBy, from) =>
    packedCellsSql(`SELECT ${head}, item, ${SUMMED_ENTRY} ${from} GROUP BY ${[...groupBy, 'item'].join(', ')}`),
  merge: (head, groupBy, where) =>
    packedCellsSql(
      `SELECT ${head}, e.item, ledger_item_entry(e.item, ${UNPACKED_SUMS.join(', ')})
       FROM ${PACKED_ROLLUP_TABLE} CROSS JOIN LATERAL ledger_items_unpack(items) AS e WHERE ${where} GROUP BY ${[...groupBy, 'e.item'].join(', ')}`,
    ),
};
