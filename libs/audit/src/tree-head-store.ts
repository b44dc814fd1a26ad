import type { SignedTreeHead } from './tree-head';

/** Durable list of issued tree heads, in issue order (sizes never decrease). */
export interface TreeHeadStore {
  save(head: SignedTreeHead): void;
  latest(): SignedTreeHead | undefined;
  /** The most recent head issued at exactly this size. */
  atSize(treeSize: number): SignedTreeHead | undefined;
  /** Heads in issue order, after the `afterSize` (exclusive) when given, at most `limit`. */
  list(options?: { afterSize?: number; limit?: number }): SignedTreeHead[];
}

export class InMemoryTreeHeadStore implements TreeHeadStore {
  private readonly heads: SignedTreeHead[] = [];

  save(head: SignedTreeHead): void {
    const latest = this.latest();
    if (latest !== undefined && head.treeSize < latest.treeSize) throw new RangeError(`tree head of size ${head.treeSize} after one of size ${latest.treeSize}`);
    this.heads.push(head);
  }

  latest(): SignedTreeHead | undefined {
    return this.heads[this.heads.length - 1];
  }

  atSize(treeSize: number): SignedTreeHead | undefined {
    return [...this.heads].reverse().find((head) => head.treeSize === treeSize);
  }

  list(options: { afterSize?: number; limit?: number } = {}): SignedTreeHead[] {
    const after = options.afterSize ?? -1;
    return this.heads.filter((head) => head.treeSize > after).slice(0, options.limit ?? Number.MAX_SAFE_INTEGER);
  }
}
