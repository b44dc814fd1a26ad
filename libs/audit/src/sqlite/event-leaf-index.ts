import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS event_leaf (
  event_id   TEXT    PRIMARY KEY,
  leaf_index INTEGER NOT NULL,
  position   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_leaf_meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface IndexedLeaf {
  readonly leafIndex: number;
  readonly position: number;
}

/**
 * Event id -> Merkle leaf index, so an inclusion proof by event id is one point read instead of a read of the log.
 * Derived data in a file of its own, written by the one process that verifies the log as it reads it (the ledger
 * worker): it can be deleted at any time and is refilled by the next full verification. `indexed` leaves [0, n) are
 * in it; a caller checks a hit against the Merkle log (same position) before trusting it.
 */
export class EventLeafIndex {
  private readonly lookupStmt;
  private readonly insertStmt;
  private readonly countStmt;
  private readonly setCountStmt;
  private readonly addTx;

  private constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.lookupStmt = db.prepare<[string], { leaf_index: number; position: number }>(
      'SELECT leaf_index, position FROM event_leaf WHERE event_id = ?',
    );
    this.insertStmt = db.prepare<[string, number, number]>(
      'INSERT OR REPLACE INTO event_leaf (event_id, leaf_index, position) VALUES (?, ?, ?)',
    );
    this.countStmt = db.prepare<[], { value: number }>("SELECT value FROM event_leaf_meta WHERE name = 'indexed'");
    this.setCountStmt = db.prepare<[number]>("INSERT OR REPLACE INTO event_leaf_meta (name, value) VALUES ('indexed', ?)");
    this.addTx = db.transaction((firstLeafIndex: number, leaves: readonly { eventId: string; position: number }[]) => {
      leaves.forEach((leaf, i) => this.insertStmt.run(leaf.eventId, firstLeafIndex + i, leaf.position));
      this.setCountStmt.run(firstLeafIndex + leaves.length);
    });
  }

  /** Opens (or creates) the index file; WAL with synchronous=NORMAL, since a lost tail is only re-indexed. */
  static open(file: string): EventLeafIndex {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    return new EventLeafIndex(db);
  }

  /** Leaves [0, indexed) are in the index. */
  get indexed(): number {
    return this.countStmt.get()?.value ?? 0;
  }

  lookup(eventId: string): IndexedLeaf | undefined {
    const row = this.lookupStmt.get(eventId);
    return row === undefined ? undefined : { leafIndex: row.leaf_index, position: row.position };
  }

  /** Records leaves from `firstLeafIndex` on; leaves already indexed are skipped, a gap is refused. */
  add(firstLeafIndex: number, leaves: readonly { eventId: string; position: number }[]): void {
    const indexed = this.indexed;
    if (firstLeafIndex > indexed) throw new RangeError(`index leaves from ${firstLeafIndex} but only [0, ${indexed}) are indexed`);
    const skip = indexed - firstLeafIndex;
    if (skip >= leaves.length) return;
    this.addTx(indexed, leaves.slice(skip));
  }

  /** Forgets everything (the Merkle log it indexed is not the one there now). */
  clear(): void {
    this.db.exec("DELETE FROM event_leaf; DELETE FROM event_leaf_meta WHERE name = 'indexed';");
  }

  close(): void {
    this.db.close();
  }
}
