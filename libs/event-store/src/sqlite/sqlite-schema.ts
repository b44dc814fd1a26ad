import type { Database } from 'better-sqlite3';

/**
 * Schema versions, applied in order inside one transaction each; `PRAGMA user_version` records the last one.
 *
 * Version 1: one table. There is no separate `streams` table: the stream head (last revision and its hash) is one
 * seek on the UNIQUE(stream, revision) index that must exist anyway, so a second table would only add a write per
 * append and a second source of truth that could disagree with the events. `position` is the rowid (never reused:
 * nothing is ever deleted), so the global log is read in rowid order without another index.
 * `data` and `metadata` hold canonical JSON (content-hash.ts): exactly the bytes that were hashed, so a verifier
 * recomputes `content_hash` from what is stored. `metadata` includes recordedAt; the two hashes are columns.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY,
     event_id       TEXT    NOT NULL UNIQUE,
     stream         TEXT    NOT NULL,
     revision       INTEGER NOT NULL,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT    NOT NULL,
     recorded_at    TEXT    NOT NULL,
     content_hash   TEXT    NOT NULL,
     prev_hash      TEXT    NOT NULL,
     UNIQUE (stream, revision)
   )`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file to the current schema version; refuses a file written by a newer version of the ledger. */
export function migrate(db: Database): void {
  // A file already at this version needs no write lock: a reader (the ledger worker, a CLI) opening it while another
  // process holds the lock must not wait on it. Only a file to migrate takes the lock, and checks again under it.
  if (schemaVersionOf(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    const current = schemaVersionOf(db);
    if (current > SCHEMA_VERSION) {
      throw new Error(`event store file has schema version ${current}, this ledger knows up to ${SCHEMA_VERSION}: upgrade the ledger`);
    }
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
