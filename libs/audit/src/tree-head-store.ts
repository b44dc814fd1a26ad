import type { SignedTreeHead } from './tree-head';

/**
 * Durable list of issued tree heads, in issue order (sizes never decrease). Embedded: SQLite beside the Merkle log;
 * with several API instances: the shared PostgreSQL store, so every instance serves the same heads.
 */
export interface TreeHeadStore {
  /** Stores a head; rejects with TreeHeadOrderError when a larger head is already stored (sizes never decrease). */
  save(head: SignedTreeHead): Promise<void>;
  latest(): Promise<SignedTreeHead | undefined>;
  /** The most recent head issued at exactly this size. */
  atSize(treeSize: number): Promise<SignedTreeHead | undefined>;
  /** Heads in issue order, after the `afterSize` (exclusive) when given, at most `limit`. */
  list(options?: { afterSize?: number; limit?: number }): Promise<SignedTreeHead[]>;
}

/** A head smaller than one already stored: another writer signed a larger tree first. */
export class TreeHeadOrderError extends RangeError {
  readonly code = 'audit.tree_head_order';
  constructor(size: number, latest: number) {
    super(`tree head of size ${size} after one of size ${latest}`);
    this.name = 'TreeHeadOrderError';
  }
}

export class InMemoryTreeHeadStore implements TreeHeadStore {
  private readonly heads: SignedTreeHead[] = [];

  async save(head: SignedTreeHead): Promise<void> {
    const latest = this.heads[this.heads.length - 1];
    if (latest !== undefined && head.treeSize < latest.treeSize) throw new TreeHeadOrderError(head.treeSize, latest.treeSize);
    this.heads.push(head);
  }

  async latest(): Promise<SignedTreeHead | undefined> {
    return this.heads[this.heads.length - 1];
  }

  async atSize(treeSize: number): Promise<SignedTreeHead | undefined> {
    return [...this.heads].reverse().find((head) => head.treeSize === treeSize);
  }

  async list(options: { afterSize?: number; limit?: number } = {}): Promise<SignedTreeHead[]> {
    const after = options.afterSize ?? -1;
    return this.heads.filter((head) => head.treeSize > after).slice(0, options.limit ?? Number.MAX_SAFE_INTEGER);
  }
}
