import Database from 'better-sqlite3';
import type { Hash } from '../merkle';
import { binarySearchLeaf, type MerkleNodeStore, type MerkleWrite, type StoredLeaf } from '../merkle-node-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_merkle_leaf (
  leaf_index INTEGER PRIMARY KEY,
  position   INTEGER NOT NULL,
  leaf_hash  BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_merkle_node (
  level      INTEGER NOT NULL,
  node_index INTEGER NOT NULL,
  node_hash  BLOB    NOT NULL,
  PRIMARY KEY (level, node_index)
) WITHOUT ROWID;
`;

/**
 * The Merkle log in SQLite (`audit_` tables). It may share the event store's file through its own connection,
 * or the caller's `Database` handle: a write then joins the caller's open transaction (better-sqlite3 nests it
 * as a savepoint), so the events and their leaves commit together.
 */
export class SqliteMerkleNodeStore implements MerkleNodeStore {
  private readonly countStmt;
  private readonly leavesStmt;
  private readonly positionStmt;
  private readonly nodeStmt;
  private readonly insertLeaf;
  private readonly insertNode;
  private readonly writeTx;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    // ORDER BY ... LIMIT 1 reads one row of the rowid b-tree (an expression around max() would scan the table).
    this.countStmt = db.prepare<[], { leaf_index: number }>('SELECT leaf_index FROM audit_merkle_leaf ORDER BY leaf_index DESC LIMIT 1');
    this.leavesStmt = db.prepare<[number, number], { position: number; leaf_hash: Buffer }>(
      'SELECT position, leaf_hash FROM audit_merkle_leaf WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index',
    );
    this.positionStmt = db.prepare<[number], { position: number }>('SELECT position FROM audit_merkle_leaf WHERE leaf_index = ?');
    this.nodeStmt = db.prepare<[number, number], { node_hash: Buffer }>(
      'SELECT node_hash FROM audit_merkle_node WHERE level = ? AND node_index = ?',
    );
    this.insertLeaf = db.prepare<[number, number, Buffer]>(
      'INSERT INTO audit_merkle_leaf (leaf_index, position, leaf_hash) VALUES (?, ?, ?)',
    );
    this.insertNode = db.prepare<[number, number, Buffer]>(
      'INSERT OR REPLACE INTO audit_merkle_node (level, node_index, node_hash) VALUES (?, ?, ?)',
    );
    this.writeTx = db.transaction((batch: MerkleWrite) => {
      const count = this.leafCount();
      if (batch.firstLeafIndex !== count) throw new RangeError(`write at leaf ${batch.firstLeafIndex} but the log has ${count} leaves`);
      batch.leaves.forEach((leaf, i) => this.insertLeaf.run(batch.firstLeafIndex + i, leaf.position, leaf.hash));
      for (const node of batch.nodes) this.insertNode.run(node.level, node.index, node.hash);
    });
  }

  /** Opens (or creates) a file of its own: WAL and synchronous=FULL, so a stored leaf survives power loss. */
  static open(file: string): { store: SqliteMerkleNodeStore; db: Database.Database } {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return { store: new SqliteMerkleNodeStore(db), db };
  }

  leafCount(): number {
    const last = this.countStmt.get();
    return last === undefined ? 0 : last.leaf_index + 1;
  }

  readLeaves(start: number, count: number): StoredLeaf[] {
    const rows = this.leavesStmt.all(start, start + count);
    if (rows.length !== count) throw new RangeError(`leaves [${start}, ${start + count}) are not stored (found ${rows.length})`);
    return rows.map((row) => ({ position: row.position, hash: row.leaf_hash }));
  }

  readNode(level: number, index: number): Hash | undefined {
    return this.nodeStmt.get(level, index)?.node_hash;
  }

  findLeafIndex(position: number): number | undefined {
    // Positions rise with leaf indexes but are not consecutive (EventStoreDB's are byte offsets): search, never derive.
    return binarySearchLeaf(this.leafCount(), (i) => this.positionStmt.get(i)?.position ?? Number.NaN, position);
  }

  write(batch: MerkleWrite): void {
    this.writeTx(batch);
  }
}
