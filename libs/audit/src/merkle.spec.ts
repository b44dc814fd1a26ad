import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  consistencyPath,
  EMPTY_TREE_ROOT,
  hashChildren,
  hashLeaf,
  inclusionPath,
  LeafHashArray,
  MerkleFrontier,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle';

/** MTH straight from the RFC 9162 definition, as the reference the fast implementation is compared to. */
function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leavesOf = (count: number, salt = 0): Hash[] => Array.from({ length: count }, (_, i) => hashLeaf(Buffer.from(`leaf ${salt}:${i}`)));

const flipBit = (hash: Hash, bit: number): Hash => {
  const copy = Buffer.from(hash);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << (bit % 8);
  return copy;
};

// The eight inputs of the Certificate Transparency reference tests, and the roots of their prefixes.
const CT_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 9162 hashing', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRoot([]).equals(EMPTY_TREE_ROOT)).toBe(true);
  });

  it('gives the roots of the Certificate Transparency reference vectors for every prefix', () => {
    const leaves = CT_INPUTS.map((hex) => hashLeaf(Buffer.from(hex, 'hex')));
    CT_ROOTS.forEach((root, i) => expect(merkleRoot(leaves.slice(0, i + 1)).toString('hex')).toBe(root));
  });

  it('prefixes leaves with 0x00 and nodes with 0x01, so a node never equals the leaf of its own bytes', () => {
    const [a, b] = leavesOf(2);
    expect(hashChildren(a, b).equals(hashLeaf(Buffer.concat([a, b])))).toBe(false);
    expect(hashLeaf(Buffer.alloc(0)).toString('hex')).toBe(
      createHash('sha256')
        .update(Buffer.from([0]))
        .digest('hex'),
    );
  });

  it('computes the same root as the recursive definition for any size (frontier and hash source alike)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (size, salt) => {
        const leaves = leavesOf(size, salt);
        const expected = referenceRoot(leaves);
        expect(merkleRoot(leaves).equals(expected)).toBe(true);
        expect(new LeafHashArray(leaves).perfectSubtreeHash(0, 1).equals(leaves[0])).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rebuilds a frontier from its edge subtrees and keeps appending to the same roots', () => {
    const leaves = leavesOf(77);
    const frontier = new MerkleFrontier();
    leaves.slice(0, 45).forEach((leaf) => frontier.append(leaf));
    // 45 = 32 + 8 + 4 + 1
    const source = new LeafHashArray(leaves);
    const rebuilt = MerkleFrontier.fromSubtrees(45, [
      source.perfectSubtreeHash(0, 32),
      source.perfectSubtreeHash(32, 8),
      source.perfectSubtreeHash(40, 4),
      leaves[44],
    ]);
    leaves.slice(45).forEach((leaf) => {
      frontier.append(leaf);
      rebuilt.append(leaf);
    });
    expect(rebuilt.root().equals(frontier.root())).toBe(true);
    expect(rebuilt.root().equals(referenceRoot(leaves))).toBe(true);
  });
});

/** Trees of up to MAX leaves, a leaf in a tree of some size, and an alternative size. */
const MAX = 200;
const inclusionCase = fc
  .record({ size: fc.integer({ min: 1, max: MAX }), salt: fc.integer(), pick: fc.nat(), otherSize: fc.integer({ min: 1, max: MAX }) })
  .map(({ size, salt, pick, otherSize }) => ({ size, salt, index: pick % size, otherSize }));

describe('inclusion proofs (RFC 9162 2.1.3)', () => {
  it('verify for every leaf of random trees', () => {
    fc.assert(
      fc.property(inclusionCase, ({ size, salt, index }) => {
        const leaves = leavesOf(size, salt);
        const path = inclusionPath(new LeafHashArray(leaves), index, size);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        expect(verifyInclusion(leaves[index], index, size, path, merkleRoot(leaves))).toBe(true);
      }),
    );
  });

  it('fail for an altered leaf, root, leaf index or any path element', () => {
    fc.assert(
      fc.property(inclusionCase, fc.nat(255), fc.nat(), ({ size, salt, index }, bit, which) => {
        const leaves = leavesOf(size, salt);
        const root = merkleRoot(leaves);
        const path = inclusionPath(new LeafHashArray(leaves), index, size);
        expect(verifyInclusion(flipBit(leaves[index], bit), index, size, path, root)).toBe(false);
        expect(verifyInclusion(leaves[index], index, size, path, flipBit(root, bit))).toBe(false);
        if (size > 1) expect(verifyInclusion(leaves[index], (index + 1 + (which % (size - 1))) % size, size, path, root)).toBe(false);
        if (path.length > 0) {
          const altered = [...path];
          altered[which % path.length] = flipBit(altered[which % path.length], bit);
          expect(verifyInclusion(leaves[index], index, size, altered, root)).toBe(false);
          expect(verifyInclusion(leaves[index], index, size, path.slice(0, -1), root)).toBe(false);
        }
        expect(verifyInclusion(leaves[index], index, size, [...path, leaves[0]], root)).toBe(false);
      }),
    );
  });

  it('fail for an altered tree size against the root a head of that size would carry', () => {
    fc.assert(
      fc.property(inclusionCase, ({ size, salt, index, otherSize }) => {
        fc.pre(otherSize !== size);
        const leaves = leavesOf(Math.max(size, otherSize), salt);
        const path = inclusionPath(new LeafHashArray(leaves), index, size);
        expect(verifyInclusion(leaves[index], index, otherSize, path, merkleRoot(leaves.slice(0, otherSize)))).toBe(false);
      }),
    );
  });

  it('do not bind the size on their own: leaf 0 of 3 checks as leaf 0 of 4 against the same root, so the size must come from a signed head', () => {
    const leaves = leavesOf(3);
    const path = inclusionPath(new LeafHashArray(leaves), 0, 3);
    expect(verifyInclusion(leaves[0], 0, 4, path, merkleRoot(leaves))).toBe(true);
  });

  it('reject a leaf index outside the tree', () => {
    const leaves = leavesOf(4);
    expect(() => inclusionPath(new LeafHashArray(leaves), 4, 4)).toThrow(RangeError);
    expect(verifyInclusion(leaves[0], 4, 4, [], merkleRoot(leaves))).toBe(false);
  });
});

const consistencyCase = fc
  .record({ second: fc.integer({ min: 1, max: MAX }), pick: fc.nat(), salt: fc.integer(), otherPick: fc.nat() })
  .map(({ second, pick, salt, otherPick }) => ({ first: 1 + (pick % second), second, salt, otherFirst: 1 + (otherPick % second) }));

describe('consistency proofs (RFC 9162 2.1.4)', () => {
  it('verify between any two sizes of random trees', () => {
    fc.assert(
      fc.property(consistencyCase, ({ first, second, salt }) => {
        const leaves = leavesOf(second, salt);
        const proof = consistencyPath(new LeafHashArray(leaves), first, second);
        expect(verifyConsistency(first, second, merkleRoot(leaves.slice(0, first)), merkleRoot(leaves), proof)).toBe(true);
      }),
    );
  });

  it('fail for an altered first root, second root, path element or size', () => {
    fc.assert(
      fc.property(consistencyCase, fc.nat(255), fc.nat(), ({ first, second, salt, otherFirst }, bit, which) => {
        const leaves = leavesOf(second, salt);
        const firstRoot = merkleRoot(leaves.slice(0, first));
        const secondRoot = merkleRoot(leaves);
        const proof = consistencyPath(new LeafHashArray(leaves), first, second);
        expect(verifyConsistency(first, second, flipBit(firstRoot, bit), secondRoot, proof)).toBe(false);
        expect(verifyConsistency(first, second, firstRoot, flipBit(secondRoot, bit), proof)).toBe(false);
        if (proof.length > 0) {
          const altered = [...proof];
          altered[which % proof.length] = flipBit(altered[which % proof.length], bit);
          expect(verifyConsistency(first, second, firstRoot, secondRoot, altered)).toBe(false);
        }
        if (otherFirst !== first) {
          expect(verifyConsistency(otherFirst, second, merkleRoot(leaves.slice(0, otherFirst)), secondRoot, proof)).toBe(false);
        }
      }),
    );
  });

  it('fail when the bigger tree rewrote an old leaf', () => {
    fc.assert(
      fc.property(consistencyCase, fc.nat(), ({ first, second, salt }, pick) => {
        fc.pre(first < second);
        const leaves = leavesOf(second, salt);
        const firstRoot = merkleRoot(leaves.slice(0, first));
        const rewritten = [...leaves];
        rewritten[pick % first] = hashLeaf(Buffer.from('rewritten'));
        const proof = consistencyPath(new LeafHashArray(rewritten), first, second);
        expect(verifyConsistency(first, second, firstRoot, merkleRoot(rewritten), proof)).toBe(false);
      }),
    );
  });

  it('treat equal sizes and the empty first tree as trivially consistent, and a shrinking log as not', () => {
    const leaves = leavesOf(5);
    const root = merkleRoot(leaves);
    expect(consistencyPath(new LeafHashArray(leaves), 5, 5)).toEqual([]);
    expect(verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(verifyConsistency(5, 5, root, flipBit(root, 3), [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_TREE_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(3, 5, merkleRoot(leaves.slice(0, 3)), root, [])).toBe(false);
    expect(() => consistencyPath(new LeafHashArray(leaves), 5, 4)).toThrow(RangeError);
    expect(verifyConsistency(5, 4, root, root, [])).toBe(false);
  });
});
