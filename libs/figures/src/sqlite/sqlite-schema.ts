import type { Database as Connection } from 'better-sqlite3';
import { DIMENSION_NAMES, VALUE_NAMES } from '../sql/aggregate-select';
import { PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { FIGURE_TABLES, newerSchemaError, SCHEMA_VERSION } from '../sql/schema-version';
import { WIDE_SCHEMA } from './exact-values';

/** Columns a figure does not use are left to their defaults (a row binds only what some row of its batch uses). */
const DIMENSION_DEFAULTS = DIMENSION_NAMES.map((d) => `${d} TEXT NOT NULL DEFAULT ''`).join(', ');
const VALUE_DEFAULTS = VALUE_NAMES.map((v) => `${v} INTEGER NOT NULL DEFAULT 0`).join(', ');
const D = DIMENSION_NAMES.join(', ');
const CONTRIBUTION_BY_TIME = 'CREATE INDEX IF NOT EXISTS figure_contribution_by_time ON figure_contribution (slot, occurred_at)';

/**
 * Tables are prefixed `figure_` so they sit beside the event store's tables in one file. Rows belong to a slot (a
 * small integer): figure_slot names the slot a figure answers from ('live') and the one being built beside it
 * ('build'), so a rebuild swaps in by changing one row. Contributions and rollups are WITHOUT ROWID tables
 * clustered on their natural key: a projector appends in (slot, position) order and a query reads one figure's
 * periods as one range. An event's identity (id, stream, type, recording time) is kept once in figure_event,
 * shared by every figure it contributes to, not on each contribution. A rollup cell's item rows (histogram and
 * distinct detail) are packed into one row of figure_rollup_items (packed-items.ts); figure_rollup keeps item ''.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS figure_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS figure_checkpoint (
  figure TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL, recorded_at TEXT NOT NULL, events INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS figure_slot (figure TEXT NOT NULL, role TEXT NOT NULL, slot INTEGER NOT NULL UNIQUE, PRIMARY KEY (figure, role)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS figure_retired (slot INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS figure_event (
  position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream TEXT NOT NULL, event_type TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS figure_contribution (
  slot INTEGER NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL, occurred_at TEXT NOT NULL, known_at TEXT NOT NULL,
  ${DIMENSION_DEFAULTS}, item TEXT NOT NULL, events INTEGER NOT NULL, ${VALUE_DEFAULTS},
  PRIMARY KEY (slot, position, seq)) WITHOUT ROWID;
${CONTRIBUTION_BY_TIME};
CREATE TABLE IF NOT EXISTS figure_rollup (
  slot INTEGER NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL, pos_bucket INTEGER NOT NULL,
  ${DIMENSION_DEFAULTS}, item TEXT NOT NULL, events INTEGER NOT NULL, ${VALUE_DEFAULTS},
  PRIMARY KEY (slot, grain, period, pos_bucket, ${D}, item)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${PACKED_ROLLUP_TABLE} (
  slot INTEGER NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL, pos_bucket INTEGER NOT NULL,
  ${DIMENSION_DEFAULTS}, items TEXT NOT NULL,
  PRIMARY KEY (slot, grain, period, pos_bucket, ${D})) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS figure_entity (
  slot INTEGER NOT NULL, entity TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (slot, entity)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS figure_known (
  slot INTEGER NOT NULL, block INTEGER NOT NULL, earliest TEXT NOT NULL, latest TEXT NOT NULL, PRIMARY KEY (slot, block)) WITHOUT ROWID;
${WIDE_SCHEMA};
`;

/** Creates the tables, or drops those of an older layout first (without checkpoints, the projector resets and
 *  rebuilds every figure). */
export function migrateSqliteFigureStore(db: Connection): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS figure_schema (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM figure_schema').get() as { version: number } | undefined;
    if (row && row.version > SCHEMA_VERSION) throw newerSchemaError(row.version);
    if (row && row.version < SCHEMA_VERSION) {
      for (const table of [...FIGURE_TABLES, 'figure_wide']) db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.prepare('UPDATE figure_schema SET version = ?').run(SCHEMA_VERSION);
    }
    db.exec(SCHEMA);
    if (!row) db.prepare('INSERT INTO figure_schema (version) VALUES (?)').run(SCHEMA_VERSION);
  }).immediate();
}
