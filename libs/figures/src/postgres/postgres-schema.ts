import type { PoolClient } from 'pg';
import { DIMENSION_NAMES, VALUE_NAMES } from '../sql/aggregate-select';
import { PACKED_ROLLUP_TABLE } from '../sql/rollup-derivation';
import { FIGURE_TABLES, newerSchemaError, SCHEMA_VERSION } from '../sql/schema-version';
import { PACKED_ITEM_FUNCTIONS } from './postgres-packed-items';

/** Columns a batch does not use are left to their defaults (a contribution insert sends only what some row uses). */
const DIMENSION_DEFINITIONS = DIMENSION_NAMES.map((d) => `${d} TEXT COLLATE "C" NOT NULL DEFAULT ''`).join(', ');
const VALUE_DEFINITIONS = VALUE_NAMES.map((v) => `${v} NUMERIC NOT NULL DEFAULT 0`).join(', ');
const D = DIMENSION_NAMES.join(', ');

/** figure_rollup keeps the rows without an item; a cell's item rows are packed into one row of PACKED_ROLLUP_TABLE
 *  (postgres-packed-items.ts). */
const TABLES = `
CREATE TABLE IF NOT EXISTS figure_checkpoint (
  figure TEXT PRIMARY KEY, version INTEGER NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL, events BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS figure_slot (figure TEXT NOT NULL, role TEXT NOT NULL, slot INTEGER NOT NULL UNIQUE, PRIMARY KEY (figure, role));
CREATE TABLE IF NOT EXISTS figure_retired (slot INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS figure_event (
  position BIGINT PRIMARY KEY, event_id TEXT NOT NULL, stream TEXT NOT NULL, event_type TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS figure_contribution (
  slot INTEGER NOT NULL, position BIGINT NOT NULL, seq INTEGER NOT NULL,
  occurred_at TEXT COLLATE "C" NOT NULL, known_at TEXT COLLATE "C" NOT NULL,
  ${DIMENSION_DEFINITIONS}, item TEXT COLLATE "C" NOT NULL, events INTEGER NOT NULL,
  ${VALUE_DEFINITIONS},
  PRIMARY KEY (slot, position, seq));
CREATE INDEX IF NOT EXISTS figure_contribution_by_time ON figure_contribution (slot, occurred_at);
CREATE TABLE IF NOT EXISTS figure_rollup (
  slot INTEGER NOT NULL, grain TEXT NOT NULL, period TEXT COLLATE "C" NOT NULL, pos_bucket INTEGER NOT NULL,
  ${DIMENSION_DEFINITIONS}, item TEXT COLLATE "C" NOT NULL, events BIGINT NOT NULL,
  ${VALUE_DEFINITIONS},
  PRIMARY KEY (slot, grain, period, pos_bucket, ${D}, item));
CREATE TABLE IF NOT EXISTS ${PACKED_ROLLUP_TABLE} (
  slot INTEGER NOT NULL, grain TEXT NOT NULL, period TEXT COLLATE "C" NOT NULL, pos_bucket INTEGER NOT NULL,
  ${DIMENSION_DEFINITIONS}, items TEXT NOT NULL,
  PRIMARY KEY (slot, grain, period, pos_bucket, ${D}));
CREATE TABLE IF NOT EXISTS figure_entity (
  slot INTEGER NOT NULL, entity TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (slot, entity));
CREATE TABLE IF NOT EXISTS figure_known (
  slot INTEGER NOT NULL, block BIGINT NOT NULL, earliest TEXT COLLATE "C" NOT NULL, latest TEXT COLLATE "C" NOT NULL, PRIMARY KEY (slot, block));
`;

/** Inside a transaction: creates the schema and tables, or drops those of an older layout first (without
 *  checkpoints, the projector resets and rebuilds every figure). */
export async function migratePostgresFigureStore(client: PoolClient, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(7340105)'); // one migrator at a time
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query('CREATE TABLE IF NOT EXISTS figure_schema (version INTEGER NOT NULL)');
  const { rows } = await client.query<{ version: number }>('SELECT version FROM figure_schema');
  if (rows[0] && rows[0].version > SCHEMA_VERSION) throw newerSchemaError(rows[0].version);
  if (rows[0] && rows[0].version < SCHEMA_VERSION) {
    for (const table of FIGURE_TABLES) await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query('UPDATE figure_schema SET version = $1', [SCHEMA_VERSION]);
  }
  await client.query(TABLES);
  await client.query(PACKED_ITEM_FUNCTIONS);
  if (!rows[0]) await client.query('INSERT INTO figure_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
}
