import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  eventLeafHash,
  hashLeaf,
  MerkleFrontier,
  MerkleLog,
  SqliteMerkleNodeStore,
  verifyConsistency,
  verifyInclusion,
  verifyLedger,
  type Hash,
} from '@ledger/audit';
import { asAsync, chainedEvents } from '../../libs/audit/src/testing/chained-events';

/**
 * Merkle log measurements: append speed into SQLite (WAL, synchronous=FULL), proof sizes and times at N leaves,
 * reopen time, bytes per leaf, and the verifier's rate.
 *   node -r ./bench/support/register.js bench/audit/merkle-log.ts [--leaves 1000000] [--batch 1000]
 */
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const leaves = arg('leaves', 1_000_000);
const batch = arg('batch', 1_000);
const samples = arg('samples', 2_000);

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function stats(micros: number[]): string {
  const sorted = [...micros].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return `mean ${fmt(mean, 1)} µs, p50 ${fmt(percentile(sorted, 50), 1)} µs, p99 ${fmt(percentile(sorted, 99), 1)} µs`;
}
// Deterministic pseudo-random indexes.
let seed = 42;
const random = (below: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % below;
};
const leafHashOf = (i: number): Hash => hashLeaf(Buffer.from(`event ${i}`));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const file = join(dir, 'audit.sqlite');
  console.log(`Merkle log bench: ${fmt(leaves)} leaves, batches of ${fmt(batch)}, node ${process.version}`);
  try {
    // Hashing alone (on at most a million leaves): the floor for any append.
    const sampleSize = Math.min(leaves, 1_000_000);
    let t = performance.now();
    const sampleHashes: Hash[] = [];
    for (let i = 0; i < sampleSize; i++) sampleHashes.push(leafHashOf(i));
    const hashMs = performance.now() - t;
    t = performance.now();
    const sampleFrontier = new MerkleFrontier();
    for (const hash of sampleHashes) sampleFrontier.append(hash);
    const frontierMs = performance.now() - t;
    sampleHashes.length = 0;
    console.log(`leaf hashing (SHA-256 of short input): ${fmt(sampleSize / (hashMs / 1000))} leaves/s`);
    console.log(`in-memory frontier append: ${fmt(sampleSize / (frontierMs / 1000))} leaves/s`);

    const sample = chainedEvents(100_000, 1_000);
    t = performance.now();
    for (const event of sample) eventLeafHash(event);
    console.log(`event leaf hash (leaf JSON + SHA-256): ${fmt(sample.length / ((performance.now() - t) / 1000))} events/s`);

    // Durable appends, one transaction per batch; leaf hashes made per batch (not held), their time counted apart.
    const { store, db } = SqliteMerkleNodeStore.open(file);
    const log = new MerkleLog(store);
    const frontier = new MerkleFrontier();
    let appendMs = 0;
    let batchHashMs = 0;
    for (let i = 0; i < leaves; i += batch) {
      let h = performance.now();
      const batchLeaves = [];
      for (let j = i; j < Math.min(leaves, i + batch); j++) batchLeaves.push({ position: j + 1, hash: leafHashOf(j) });
      batchHashMs += performance.now() - h;
      h = performance.now();
      log.append(batchLeaves);
      appendMs += performance.now() - h;
      for (const leaf of batchLeaves) frontier.append(leaf.hash);
      if ((i / batch) % 1000 === 999)
        console.log(`  ... ${fmt(i + batch)} leaves, ${fmt((i + batch) / (appendMs / 1000))} leaves/s so far`);
    }
    console.log(
      `durable append, batches of ${batch}: ${fmt(leaves / (appendMs / 1000))} leaves/s (${fmt(appendMs / 1000, 1)} s; making the leaf hashes took another ${fmt(batchHashMs / 1000, 1)} s)`,
    );
    const root = log.root();
    if (!root.equals(frontier.root())) throw new Error('durable root differs from the in-memory root');

    for (const small of [10, 1]) {
      const count = small === 1 ? 5_000 : 20_000;
      const extra = Array.from({ length: count }, (_, i) => leafHashOf(leaves + i));
      const base = log.size;
      t = performance.now();
      for (let i = 0; i < count; i += small) log.append(extra.slice(i, i + small).map((hash, j) => ({ position: base + i + j + 1, hash })));
      console.log(
        `durable append, batches of ${small}: ${fmt(count / ((performance.now() - t) / 1000))} leaves/s (${fmt(count)} leaves, fsync per batch)`,
      );
    }
    const size = log.size;

    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = statSync(file).size;
    const nodes = (db.prepare('SELECT count(*) AS n FROM audit_merkle_node').get() as { n: number }).n;
    console.log(
      `storage: ${fmt(bytes / 1024 / 1024, 1)} MiB for ${fmt(size)} leaves (${fmt(bytes / size, 1)} bytes/leaf), ${fmt(nodes)} stored subtree nodes`,
    );
    db.close();

    t = performance.now();
    const reopened = SqliteMerkleNodeStore.open(file);
    const again = new MerkleLog(reopened.store);
    const reopenMs = performance.now() - t;
    console.log(`reopen (frontier rebuilt from stored nodes): ${fmt(reopenMs, 1)} ms, size ${fmt(again.size)}`);
    const fullRoot = again.root();

    // Inclusion proofs at the full size and at older sizes.
    const inclusionTimes: number[] = [];
    const verifyTimes: number[] = [];
    let pathElements = 0;
    for (let s = 0; s < samples; s++) {
      const treeSize = s % 2 === 0 ? size : 1 + random(size);
      const index = random(treeSize);
      t = performance.now();
      const path = again.inclusionPath(index, treeSize);
      inclusionTimes.push((performance.now() - t) * 1000);
      pathElements += path.length;
      const rootAt = treeSize === size ? fullRoot : again.root(treeSize);
      const leafHash = again.leaf(index).hash;
      t = performance.now();
      const ok = verifyInclusion(leafHash, index, treeSize, path, rootAt);
      verifyTimes.push((performance.now() - t) * 1000);
      if (!ok) throw new Error(`inclusion proof of ${index} in ${treeSize} does not verify`);
    }
    console.log(
      `inclusion proof: ${fmt(pathElements / samples, 1)} hashes (${fmt((pathElements / samples) * 32)} bytes) on average; generate ${stats(inclusionTimes)}; verify ${stats(verifyTimes)}`,
    );

    const rootTimes: number[] = [];
    const consistencyTimes: number[] = [];
    const consistencyVerifyTimes: number[] = [];
    let consistencyElements = 0;
    for (let s = 0; s < samples; s++) {
      const second = s % 2 === 0 ? size : 2 + random(size - 1);
      const first = 1 + random(second - 1);
      t = performance.now();
      const firstRoot = again.root(first);
      rootTimes.push((performance.now() - t) * 1000);
      const secondRoot = second === size ? fullRoot : again.root(second);
      t = performance.now();
      const path = again.consistencyPath(first, second);
      consistencyTimes.push((performance.now() - t) * 1000);
      consistencyElements += path.length;
      t = performance.now();
      const ok = verifyConsistency(first, second, firstRoot, secondRoot, path);
      consistencyVerifyTimes.push((performance.now() - t) * 1000);
      if (!ok) throw new Error(`consistency proof ${first} -> ${second} does not verify`);
    }
    console.log(`root at an old size: ${stats(rootTimes)}`);
    console.log(
      `consistency proof: ${fmt(consistencyElements / samples, 1)} hashes (${fmt((consistencyElements / samples) * 32)} bytes) on average; generate ${stats(consistencyTimes)}; verify ${stats(consistencyVerifyTimes)}`,
    );
    reopened.db.close();

    // The verifier over an in-memory log: content hash, chain, leaf, frontier per event.
    const events = chainedEvents(200_000, 10_000);
    t = performance.now();
    const report = await verifyLedger(asAsync(events));
    const verifyMs = performance.now() - t;
    if (!report.ok) throw new Error('verify failed on an untouched log');
    console.log(
      `verifyLedger (content hash + chain + leaf + tree), 200,000 events over 10,000 streams: ${fmt(events.length / (verifyMs / 1000))} events/s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
