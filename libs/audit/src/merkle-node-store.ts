import type { Hash } from './merkle';

/** One leaf of the log: the event's global position and its leaf hash. */
export interface StoredLeaf {
  readonly position: number;
  readonly hash: Hash;
}

export interface MerkleWrite {
  /** Index of the first leaf written; always the current leaf count (the log only grows). */
  readonly firstLeafIndex: number;
  readonly leaves: readonly StoredLeaf[];
  /** Perfect subtrees completed by these leaves that the log keeps (see MerkleLog.STORED_MIN_LEVEL). */
  readonly nodes: readonly { readonly level: number; readonly index: number; readonly hash: Hash }[];
}

/**
 * Durable storage of the Merkle log: leaf hashes by index and the hashes of complete perfect subtrees by
 * (level, index). Synchronous, so that a write can sit inside a caller's SQLite transaction.
 */
export interface MerkleNodeStore {
  leafCount(): number;
  /** Leaves [start, start + count); throws when the range is not stored. */
  readLeaves(start: number, count: number): StoredLeaf[];
  readNode(level: number, index: number): Hash | undefined;
  /** Leaf index of the event at `position`, undefined when no leaf has it (positions increase with the index). */
  findLeafIndex(position: number): number | undefined;
  /** Stores leaves and nodes all-or-nothing. */
  write(batch: MerkleWrite): void;
}

/** In-memory store: tests and throw-away logs. */
export class InMemoryMerkleNodeStore implements MerkleNodeStore {
  private readonly leaves: StoredLeaf[] = [];
  private readonly nodes = new Map<string, Hash>();

  leafCount(): number {
    return this.leaves.length;
  }

  readLeaves(start: number, count: number): StoredLeaf[] {
    if (start < 0 || count < 0 || start + count > this.leaves.length)
      throw new RangeError(`leaves [${start}, ${start + count}) are not stored (${this.leaves.length} leaves)`);
    return this.leaves.slice(start, start + count);
  }

  readNode(level: number, index: number): Hash | undefined {
    return this.nodes.get(`${level}:${index}`);
  }

  findLeafIndex(position: number): number | undefined {
    return binarySearchLeaf(this.leaves.length, (i) => this.leaves[i].position, position);
  }

  write(batch: MerkleWrite): void {
    if (batch.firstLeafIndex !== this.leaves.length)
      throw new RangeError(`write at leaf ${batch.firstLeafIndex} but the log has ${this.leaves.length} leaves`);
    for (const leaf of batch.leaves) this.leaves.push(leaf);
    for (const node of batch.nodes) this.nodes.set(`${node.level}:${node.index}`, node.hash);
  }
}

/** Positions increase with the leaf index, so a position is found in O(log n) point reads. */
export function binarySearchLeaf(count: number, positionAt: (index: number) => number, position: number): number | undefined {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const found = positionAt(mid);
    if (found === position) return mid;
    if (found < position) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}
