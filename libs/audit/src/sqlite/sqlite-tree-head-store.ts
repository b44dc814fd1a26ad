import type Database from 'better-sqlite3';
import type { SignedTreeHead } from '../tree-head';
import { TreeHeadOrderError, type TreeHeadStore } from '../tree-head-store';

interface Row {
  tree_size: number;
  root_hash: string;
  timestamp: string;
  key_id: string;
  signature: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_tree_head (
  head_id   INTEGER PRIMARY KEY,
  tree_size INTEGER NOT NULL,
  root_hash TEXT    NOT NULL,
  timestamp TEXT    NOT NULL,
  key_id    TEXT    NOT NULL,
  signature TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_tree_head_by_size ON audit_tree_head (tree_size, head_id);
`;

const toHead = (row: Row): SignedTreeHead => ({
  treeSize: row.tree_size,
  rootHash: row.root_hash,
  timestamp: row.timestamp,
  keyId: row.key_id,
  signature: row.signature,
});

/** Issued tree heads in SQLite (`audit_tree_head`), on the caller's connection. */
export class SqliteTreeHeadStore implements TreeHeadStore {
  private readonly db: Database.Database;
  private readonly insert;
  private readonly latestStmt;
  private readonly atSizeStmt;
  private readonly listStmt;

  constructor(db: Database.Database) {
    this.db = db;
    db.exec(SCHEMA);
    this.insert = db.prepare('INSERT INTO audit_tree_head (tree_size, root_hash, timestamp, key_id, signature) VALUES (?, ?, ?, ?, ?)');
    this.latestStmt = db.prepare<[], Row>('SELECT * FROM audit_tree_head ORDER BY head_id DESC LIMIT 1');
    this.atSizeStmt = db.prepare<[number], Row>('SELECT * FROM audit_tree_head WHERE tree_size = ? ORDER BY head_id DESC LIMIT 1');
    this.listStmt = db.prepare<[number, number], Row>('SELECT * FROM audit_tree_head WHERE tree_size > ? ORDER BY head_id LIMIT ?');
  }

  async save(head: SignedTreeHead): Promise<void> {
    // One write transaction: the size check and the insert see the same latest head, whichever process writes.
    this.db
      .transaction(() => {
        const latest = this.latestStmt.get();
        if (latest !== undefined && head.treeSize < latest.tree_size) throw new TreeHeadOrderError(head.treeSize, latest.tree_size);
        this.insert.run(head.treeSize, head.rootHash, head.timestamp, head.keyId, head.signature);
      })
      .immediate();
  }

  async latest(): Promise<SignedTreeHead | undefined> {
    const row = this.latestStmt.get();
    return row && toHead(row);
  }

  async atSize(treeSize: number): Promise<SignedTreeHead | undefined> {
    const row = this.atSizeStmt.get(treeSize);
    return row && toHead(row);
  }

  async list(options: { afterSize?: number; limit?: number } = {}): Promise<SignedTreeHead[]> {
    return this.listStmt.all(options.afterSize ?? -1, options.limit ?? -1).map(toHead);
  }
}
