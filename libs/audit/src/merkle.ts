import { createHash, hash } from 'node:crypto';

/**
 * Merkle tree hashing and proofs in the form of RFC 9162 (Certificate Transparency 2.0), section 2.1:
 * SHA-256, leaf hash = SHA-256(0x00 || leaf bytes), interior node = SHA-256(0x01 || left || right), the empty tree
 * hashes to SHA-256 of nothing. The 0x00/0x01 prefixes keep a leaf from ever being passed off as a node.
 *
 * Sizes and indexes are plain numbers (exact up to 2^53); shifts are done arithmetically, never with 32-bit
 * bitwise operators.
 */

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = 0x01;

/** MTH({}) = SHA-256(""). */
export const EMPTY_TREE_ROOT: Hash = createHash('sha256').digest();

export function hashLeaf(leafBytes: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, leafBytes]), 'buffer') as Hash;
}

export function hashChildren(left: Hash, right: Hash): Hash {
  // One-shot hashing of one 65-byte buffer: cheaper than a streaming Hash object per node.
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  left.copy(input, 1);
  right.copy(input, 1 + left.length);
  return hash('sha256', input, 'buffer') as Hash;
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1 || !Number.isInteger(n)) return false;
  while (n > 1) {
    if (n % 2 !== 0) return false;
    n /= 2;
  }
  return true;
}

/** The k of RFC 9162: the largest power of two strictly smaller than n (n > 1). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** log2 of a power of two. */
export function levelOf(size: number): number {
  let level = 0;
  while (size > 1) {
    size /= 2;
    level++;
  }
  return level;
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** Where the hashes of a tree come from (an array of leaf hashes, or the durable log). */
export interface SubtreeHashSource {
  /**
   * MTH of leaves [start, start + size): `size` is a power of two and `start` a multiple of it (a perfect
   * subtree). The RFC 9162 recursion only ever asks for such ranges plus their right-edge compositions.
   */
  perfectSubtreeHash(start: number, size: number): Hash;
}

/** MTH(D[start:start+size]) for any size >= 1, composed from perfect subtrees as RFC 9162 splits them. */
export function rangeHash(source: SubtreeHashSource, start: number, size: number): Hash {
  if (size < 1) throw new RangeError(`empty range at ${start}`);
  if (isPowerOfTwo(size)) return source.perfectSubtreeHash(start, size);
  const k = largestPowerOfTwoBelow(size);
  return hashChildren(source.perfectSubtreeHash(start, k), rangeHash(source, start + k, size - k));
}

export function treeRoot(source: SubtreeHashSource, treeSize: number): Hash {
  return treeSize === 0 ? EMPTY_TREE_ROOT : rangeHash(source, 0, treeSize);
}

/** An in-memory list of leaf hashes as a hash source (tests, small trees). */
export class LeafHashArray implements SubtreeHashSource {
  constructor(private readonly leafHashes: readonly Hash[]) {}

  perfectSubtreeHash(start: number, size: number): Hash {
    if (start < 0 || start + size > this.leafHashes.length)
      throw new RangeError(`subtree [${start}, ${start + size}) outside ${this.leafHashes.length} leaves`);
    if (size === 1) return this.leafHashes[start];
    const halfSize = size / 2;
    return hashChildren(this.perfectSubtreeHash(start, halfSize), this.perfectSubtreeHash(start + halfSize, halfSize));
  }
}

/** MTH(D[n]) of a list of leaf hashes, in O(n) time and O(log n) memory. */
export function merkleRoot(leafHashes: readonly Hash[]): Hash {
  const frontier = new MerkleFrontier();
  for (const leafHash of leafHashes) frontier.append(leafHash);
  return frontier.root();
}

/** A perfect subtree that became complete: level 0 is a leaf, level L covers 2^L leaves from index * 2^L. */
export interface CompletedNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Hash;
}

/**
 * The right edge of a growing tree: one perfect subtree per set bit of the size (a "compact range").
 * Appending is amortised O(1) and at worst O(log n) hashes; the root folds the O(log n) subtrees.
 */
export class MerkleFrontier {
  private count = 0;
  /** subtrees[level] is the perfect subtree of 2^level leaves on the right edge, present iff that bit of size is set. */
  private readonly subtrees: (Hash | undefined)[] = [];

  /** Rebuilds a frontier from the perfect subtrees of a tree of `size` leaves, highest level first. */
  static fromSubtrees(size: number, subtreesHighestFirst: readonly Hash[]): MerkleFrontier {
    const frontier = new MerkleFrontier();
    const levels: number[] = [];
    for (let level = 0, rest = size; rest > 0; level++, rest = half(rest)) if (isOdd(rest)) levels.push(level);
    if (levels.length !== subtreesHighestFirst.length)
      throw new RangeError(`a tree of ${size} leaves has ${levels.length} edge subtrees, got ${subtreesHighestFirst.length}`);
    levels.reverse().forEach((level, i) => (frontier.subtrees[level] = subtreesHighestFirst[i]));
    frontier.count = size;
    return frontier;
  }

  get size(): number {
    return this.count;
  }

  clone(): MerkleFrontier {
    const copy = new MerkleFrontier();
    copy.count = this.count;
    copy.subtrees.push(...this.subtrees);
    return copy;
  }

  /** Appends a leaf hash; `onCompleted` sees every interior node that this append completed (level >= 1). */
  append(leafHash: Hash, onCompleted?: (node: CompletedNode) => void): void {
    let carry = leafHash;
    let level = 0;
    let index = this.count;
    while (this.subtrees[level] !== undefined) {
      carry = hashChildren(this.subtrees[level] as Hash, carry);
      this.subtrees[level] = undefined;
      level++;
      index = half(index);
      onCompleted?.({ level, index, hash: carry });
    }
    this.subtrees[level] = carry;
    this.count++;
  }

  root(): Hash {
    let accumulated: Hash | undefined;
    for (const subtree of this.subtrees) {
      if (subtree === undefined) continue;
      accumulated = accumulated === undefined ? subtree : hashChildren(subtree, accumulated);
    }
    return accumulated ?? EMPTY_TREE_ROOT;
  }
}

/** PATH(m, D[n]) of RFC 9162 2.1.3.1: sibling hashes from the leaf up to the root. */
export function inclusionPath(source: SubtreeHashSource, leafIndex: number, treeSize: number): Hash[] {
  if (!Number.isInteger(leafIndex) || !Number.isInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  }
  const path: Hash[] = [];
  const descend = (m: number, start: number, n: number): void => {
    if (n === 1) return;
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      descend(m, start, k);
      path.push(rangeHash(source, start + k, n - k));
    } else {
      descend(m - k, start + k, n - k);
      path.push(rangeHash(source, start, k));
    }
  };
  descend(leafIndex, 0, treeSize);
  return path;
}

/** PROOF(m, D[n]) of RFC 9162 2.1.4.1; empty when m is 0 or m equals n. */
export function consistencyPath(source: SubtreeHashSource, firstSize: number, secondSize: number): Hash[] {
  if (!Number.isInteger(firstSize) || !Number.isInteger(secondSize) || firstSize < 0 || firstSize > secondSize) {
    throw new RangeError(`no consistency proof from size ${firstSize} to size ${secondSize}`);
  }
  if (firstSize === 0 || firstSize === secondSize) return [];
  const proof: Hash[] = [];
  const subproof = (m: number, start: number, n: number, startsAtOldRoot: boolean): void => {
    if (m === n) {
      if (!startsAtOldRoot) proof.push(rangeHash(source, start, n));
      return;
    }
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, k, startsAtOldRoot);
      proof.push(rangeHash(source, start + k, n - k));
    } else {
      subproof(m - k, start + k, n - k, false);
      proof.push(rangeHash(source, start, k));
    }
  };
  subproof(firstSize, 0, secondSize, true);
  return proof;
}

/** RFC 9162 2.1.3.2: does `path` prove that `leafHash` is leaf `leafIndex` of the tree of `treeSize` with `rootHash`? */
export function verifyInclusion(leafHash: Hash, leafIndex: number, treeSize: number, path: readonly Hash[], rootHash: Hash): boolean {
  if (!Number.isInteger(leafIndex) || !Number.isInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(rootHash);
}

/**
 * RFC 9162 2.1.4.2: does `path` prove that the tree of `secondSize` with `secondRoot` extends the tree of
 * `firstSize` with `firstRoot` (the log only grew)? Equal sizes need equal roots and an empty path; every tree
 * extends the empty tree.
 */
export function verifyConsistency(
  firstSize: number,
  secondSize: number,
  firstRoot: Hash,
  secondRoot: Hash,
  path: readonly Hash[],
): boolean {
  if (!Number.isInteger(firstSize) || !Number.isInteger(secondSize) || firstSize < 0 || firstSize > secondSize) return false;
  if (firstSize === secondSize) return path.length === 0 && firstRoot.equals(secondRoot);
  if (firstSize === 0) return path.length === 0 && firstRoot.equals(EMPTY_TREE_ROOT);
  if (path.length === 0) return false;
  const proof = isPowerOfTwo(firstSize) ? [firstRoot, ...path] : [...path];
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = proof[0];
  let sr = proof[0];
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
