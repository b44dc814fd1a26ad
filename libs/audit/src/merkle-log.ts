import {
  consistencyPath,
  EMPTY_TREE_ROOT,
  hashChildren,
  inclusionPath,
  levelOf,
  MerkleFrontier,
  treeRoot,
  type CompletedNode,
  type Hash,
  type SubtreeHashSource,
} from './merkle';
import type { MerkleNodeStore, StoredLeaf } from './merkle-node-store';

/**
 * An append-only Merkle tree over the global log, durable in a MerkleNodeStore.
 *
 * Stored: every leaf hash, and every complete perfect subtree of 2^STORED_MIN_LEVEL (16) leaves or more (about n/8
 * extra rows). A smaller subtree is recomputed from at most 16 consecutive leaf hashes, so a proof for any tree
 * size up to n costs O(log n) node reads, a few short leaf ranges and at most ~30 hashes, never a rescan.
 * Appending is O(log n) hashes (amortised O(1)) thanks to the in-memory frontier of the right edge.
 */
export class MerkleLog implements SubtreeHashSource {
  static readonly STORED_MIN_LEVEL = 4;

  private frontier = new MerkleFrontier();
  private lastPositionSeen: number | undefined;
  private readonly storedMinLevel: number;

  /**
   * `storedMinLevel` (default STORED_MIN_LEVEL) must stay the same for a store over its life; tests lower it to
   * exercise stored nodes with small trees.
   */
  constructor(
    private readonly store: MerkleNodeStore,
    options: { storedMinLevel?: number } = {},
  ) {
    this.storedMinLevel = options.storedMinLevel ?? MerkleLog.STORED_MIN_LEVEL;
    if (!Number.isInteger(this.storedMinLevel) || this.storedMinLevel < 1)
      throw new RangeError(`storedMinLevel must be an integer >= 1, got ${this.storedMinLevel}`);
    this.reload();
  }

  get size(): number {
    this.syncWithStore();
    return this.frontier.size;
  }

  /** Position of the last event in the tree (a projector resumes after it), undefined when empty. */
  get lastPosition(): number | undefined {
    this.syncWithStore();
    return this.lastPositionSeen;
  }

  /**
   * Appends leaves (in log order, positions strictly increasing) in one store write. With a shared SQLite handle
   * this joins the caller's transaction; if that transaction rolls back, the next call notices the store is
   * shorter than the frontier and reloads.
   */
  append(leaves: readonly StoredLeaf[]): void {
    if (leaves.length === 0) return;
    this.syncWithStore();
    let previous = this.lastPositionSeen;
    for (const leaf of leaves) {
      if (previous !== undefined && leaf.position <= previous)
        throw new RangeError(`leaf position ${leaf.position} does not follow ${previous}`);
      previous = leaf.position;
    }
    const firstLeafIndex = this.frontier.size;
    // Work on a copy so that a failed store write leaves the frontier as the store is.
    const next = this.frontier.clone();
    const nodes: CompletedNode[] = [];
    const keep = (node: CompletedNode): void => {
      if (node.level >= this.storedMinLevel) nodes.push(node);
    };
    for (const leaf of leaves) next.append(leaf.hash, keep);
    this.store.write({ firstLeafIndex, leaves, nodes });
    this.frontier = next;
    this.lastPositionSeen = previous;
  }

  /** Root of the tree of the first `treeSize` leaves (default: all). */
  root(treeSize = this.size): Hash {
    this.requireSize(treeSize);
    if (treeSize === this.frontier.size) return this.frontier.root();
    return treeRoot(this, treeSize);
  }

  leaf(index: number): StoredLeaf {
    return this.store.readLeaves(index, 1)[0];
  }

  /** Leaves [start, start + count). */
  leaves(start: number, count: number): StoredLeaf[] {
    return this.store.readLeaves(start, count);
  }

  findLeafIndex(position: number): number | undefined {
    return this.store.findLeafIndex(position);
  }

  inclusionPath(leafIndex: number, treeSize = this.size): Hash[] {
    this.requireSize(treeSize);
    return inclusionPath(this, leafIndex, treeSize);
  }

  consistencyPath(firstSize: number, secondSize = this.size): Hash[] {
    this.requireSize(secondSize);
    return consistencyPath(this, firstSize, secondSize);
  }

  perfectSubtreeHash(start: number, size: number): Hash {
    const level = levelOf(size);
    if (level >= this.storedMinLevel) {
      const stored = this.store.readNode(level, start / size);
      if (stored === undefined) throw new RangeError(`subtree [${start}, ${start + size}) is not complete in the stored log`);
      return stored;
    }
    return hashOfLeaves(this.store.readLeaves(start, size).map((leaf) => leaf.hash));
  }

  /** Rebuilds the frontier from the store: the right-edge subtrees, at most 2^STORED_MIN_LEVEL leaves read. */
  reload(): void {
    const size = this.store.leafCount();
    const subtrees: Hash[] = [];
    let start = 0;
    for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
      const width = 2 ** level;
      if (start + width <= size) {
        subtrees.push(this.perfectSubtreeHash(start, width));
        start += width;
      }
    }
    this.frontier = MerkleFrontier.fromSubtrees(size, subtrees);
    this.lastPositionSeen = size === 0 ? undefined : this.store.readLeaves(size - 1, 1)[0].position;
  }

  private syncWithStore(): void {
    if (this.store.leafCount() !== this.frontier.size) this.reload();
  }

  private requireSize(treeSize: number): void {
    this.syncWithStore();
    if (!Number.isInteger(treeSize) || treeSize < 0 || treeSize > this.frontier.size) {
      throw new RangeError(`tree size ${treeSize} is not in the log (size ${this.frontier.size})`);
    }
  }
}

/** MTH of a power-of-two list of leaf hashes. */
function hashOfLeaves(hashes: Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_TREE_ROOT;
  let level = hashes;
  while (level.length > 1) {
    const up: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(hashChildren(level[i], level[i + 1]));
    level = up;
  }
  return level[0];
}
