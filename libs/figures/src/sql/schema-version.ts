import { PACKED_ROLLUP_TABLE } from './rollup-derivation';

/**
 * Layout version of both figure stores. 2: rollups also in small cubes (grain column `y0`, `m1`, ...). 3: position
 * buckets of 2^16. 4: six dimension columns, sixteen value columns, known_at. 5: rows keyed by slot (blue/green
 * builds), an event's identity once in figure_event. 6: version 2 definitions store year event marks, and
 * recovery-rate v2 keeps one entity (an older v2 projection cannot be continued). 7: version 2 contributions are
 * known no earlier than their record's earlier events (stored known times changed). 8: position buckets of 2^12,
 * small cubes' months also over every position (ALL_POSITIONS). 11 (9 and 10 were layouts of unreleased branches of
 * this work): funds v2 no longer counts a freeze whose request link a correction removed (FreezeCorrected
 * `requestId: null`) as citing a request (stored contributions changed); SQLite keeps a rollup cell's item rows
 * packed into one row (figure_rollup_items); version 1 figures keep the small cubes too (their answers read them).
 * 12: recovery-rate v2 keeps each incident and linked freeze as an entity of its own (relatedOf), not one entity
 * (stored states changed; contributions did not); PostgreSQL packs a cell's item rows too (figure_rollup_items).
 * 13: figures with a distinct column keep their full cube's months and years over every position (ALL_POSITIONS) too.
 * A store of an older version is emptied on init and the projector rebuilds every figure from the log.
 */
export const SCHEMA_VERSION = 13;

/** Tables whose rows belong to a slot in both stores (deleted when the slot is retired). */
export const SLOT_TABLES = ['figure_contribution', 'figure_rollup', PACKED_ROLLUP_TABLE, 'figure_entity', 'figure_known'];

/** Every table of both stores but figure_schema (dropped when an older layout is upgraded). */
export const FIGURE_TABLES = [...SLOT_TABLES, 'figure_checkpoint', 'figure_slot', 'figure_retired', 'figure_event'];

export function newerSchemaError(found: number): Error {
  return new Error(`figure store schema ${found} is newer than this ledger (${SCHEMA_VERSION}): upgrade the ledger`);
}
