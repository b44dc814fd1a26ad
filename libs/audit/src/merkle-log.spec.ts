import fc from 'fast-check';
import { hashLeaf, merkleRoot, verifyConsistency, verifyInclusion, type Hash } from './merkle';
import { MerkleLog } from './merkle-log';
import { InMemoryMerkleNodeStore, type MerkleNodeStore } from './merkle-node-store';

const leavesOf = (count: number, salt = 0): Hash[] => Array.from({ length: count }, (_, i) => hashLeaf(Buffer.from(`leaf ${salt}:${i}`)));

function appendInBatches(log: MerkleLog, leaves: Hash[], batchSizes: number[], firstPosition = 1): void {
  let next = 0;
  for (let b = 0; next < leaves.length; b++) {
    const size = Math.max(1, batchSizes[b % batchSizes.length] ?? 1);
    log.append(leaves.slice(next, next + size).map((hash, i) => ({ position: firstPosition + 10 * (next + i), hash })));
    next += size;
  }
}

describe('MerkleLog over a node store', () => {
  it('has the RFC root for every size and proofs that verify, whatever the batching (stored nodes from level 2)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        (size, batches, pickA, pickB) => {
          const leaves = leavesOf(size, pickA);
          const log = new MerkleLog(new InMemoryMerkleNodeStore(), { storedMinLevel: 2 });
          appendInBatches(log, leaves, batches);
          expect(log.size).toBe(size);
          expect(log.root().equals(merkleRoot(leaves))).toBe(true);

          const treeSize = 1 + (pickB % size);
          const index = pickA % treeSize;
          const oldRoot = merkleRoot(leaves.slice(0, treeSize));
          expect(log.root(treeSize).equals(oldRoot)).toBe(true);
          expect(verifyInclusion(leaves[index], index, treeSize, log.inclusionPath(index, treeSize), oldRoot)).toBe(true);
          expect(verifyConsistency(treeSize, size, oldRoot, log.root(), log.consistencyPath(treeSize, size))).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('reopens on the same store with the same root and keeps growing it', () => {
    const store = new InMemoryMerkleNodeStore();
    const leaves = leavesOf(1000);
    appendInBatches(new MerkleLog(store), leaves.slice(0, 613), [7, 100, 1]);
    const reopened = new MerkleLog(store);
    expect(reopened.size).toBe(613);
    expect(reopened.lastPosition).toBe(1 + 10 * 612);
    expect(reopened.root().equals(merkleRoot(leaves.slice(0, 613)))).toBe(true);
    reopened.append(leaves.slice(613).map((hash, i) => ({ position: 1 + 10 * (613 + i), hash })));
    expect(reopened.root().equals(merkleRoot(leaves))).toBe(true);
  });

  it('keeps subtrees of 16 leaves and more as stored nodes by default', () => {
    const store = new InMemoryMerkleNodeStore();
    const log = new MerkleLog(store);
    appendInBatches(log, leavesOf(1024), [1000]);
    expect(store.readNode(4, 63)).toBeDefined();
    expect(store.readNode(10, 0)?.equals(log.root())).toBe(true);
    expect(store.readNode(3, 0)).toBeUndefined();
  });

  it('finds the leaf of a position and nothing for a position it does not hold', () => {
    const log = new MerkleLog(new InMemoryMerkleNodeStore());
    appendInBatches(log, leavesOf(50), [50]);
    expect(log.findLeafIndex(1 + 10 * 37)).toBe(37);
    expect(log.findLeafIndex(5)).toBeUndefined();
  });

  it('refuses a leaf whose position does not follow the last one, and stays as it was', () => {
    const log = new MerkleLog(new InMemoryMerkleNodeStore());
    const [a, b, c] = leavesOf(3);
    log.append([{ position: 5, hash: a }]);
    expect(() =>
      log.append([
        { position: 6, hash: b },
        { position: 6, hash: c },
      ]),
    ).toThrow(RangeError);
    expect(log.size).toBe(1);
    expect(log.root().equals(a)).toBe(true);
  });

  it('stays unchanged in memory when the store write fails', () => {
    const store = new InMemoryMerkleNodeStore();
    const failing: MerkleNodeStore = Object.assign(Object.create(store) as MerkleNodeStore, {
      write: () => {
        throw new Error('disk full');
      },
    });
    const log = new MerkleLog(failing);
    expect(() => log.append([{ position: 1, hash: leavesOf(1)[0] }])).toThrow('disk full');
    expect(log.size).toBe(0);
  });

  it('rejects proofs for sizes beyond the log', () => {
    const log = new MerkleLog(new InMemoryMerkleNodeStore());
    appendInBatches(log, leavesOf(4), [4]);
    expect(() => log.inclusionPath(0, 5)).toThrow(RangeError);
    expect(() => log.consistencyPath(2, 5)).toThrow(RangeError);
  });
});
