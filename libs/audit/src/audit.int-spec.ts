import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createAttestation } from './attestation';
import { AuditLog, verifyInclusionProof } from './audit-log';
import { hashLeaf, merkleRoot, verifyConsistency, verifyInclusion } from './merkle';
import { eventLeafHash } from './leaf';
import { MerkleLog } from './merkle-log';
import { loadSigningKey, signingKeyFrom } from './signing-key';
import { SqliteMerkleNodeStore } from './sqlite/sqlite-merkle-node-store';
import { SqliteTreeHeadStore } from './sqlite/sqlite-tree-head-store';
import { asAsync, chainedEvents } from './testing/chained-events';
import { treeHeadStatement, verifyTreeHead } from './tree-head';
import { verifyLedger } from './verify';

const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

describe('audit log on a real SQLite file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-int-'));
    file = join(dir, 'ledger.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps leaves, nodes and heads across a restart, with proofs for old sizes from stored hashes', async () => {
    const events = chainedEvents(1500, 11);
    const { db } = SqliteMerkleNodeStore.open(file);
    const audit = AuditLog.sqlite(db, key);
    for (let i = 0; i < events.length; i += 100) audit.appendEvents(events.slice(i, i + 100));
    const head = await audit.issueTreeHead(new Date('2026-11-21T12:00:00Z'));
    db.close();

    const reopened = SqliteMerkleNodeStore.open(file);
    const again = AuditLog.sqlite(reopened.db, key);
    expect(again.treeSize).toBe(1500);
    expect(await again.treeHeads.latest()).toEqual(head);
    expect(head.rootHash).toBe(merkleRoot(events.map(eventLeafHash)).toString('hex'));
    const count = (table: string) => (reopened.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('audit_merkle_leaf')).toBe(1500);
    // Complete subtrees of 16, 32, ... 1024 leaves in 1500 leaves.
    expect(count('audit_merkle_node')).toBe([16, 32, 64, 128, 256, 512, 1024].reduce((sum, width) => sum + Math.floor(1500 / width), 0));
    const oldHead = { treeSize: 777, rootHash: merkleRoot(events.slice(0, 777).map(eventLeafHash)).toString('hex') };
    expect(verifyInclusionProof(await again.inclusionProof(700, 777), oldHead, events[699])).toBe(true);
    reopened.db.close();
  });

  it('gives RFC roots and verifying proofs for random trees and batchings from SQLite (stored nodes from level 2)', () => {
    const db = new Database(':memory:');
    let run = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        fc.nat(),
        (size, batch, pickSize, pickLeaf) => {
          const store = new SqliteMerkleNodeStore(db);
          db.exec('DELETE FROM audit_merkle_leaf; DELETE FROM audit_merkle_node;');
          const log = new MerkleLog(store, { storedMinLevel: 2 });
          const leaves = Array.from({ length: size }, (_, i) => hashLeaf(Buffer.from(`${run}:${i}`)));
          run++;
          for (let i = 0; i < size; i += batch) log.append(leaves.slice(i, i + batch).map((hash, j) => ({ position: i + j + 1, hash })));
          const treeSize = 1 + (pickSize % size);
          const index = pickLeaf % treeSize;
          const oldRoot = merkleRoot(leaves.slice(0, treeSize));
          const reopened = new MerkleLog(store, { storedMinLevel: 2 });
          expect(reopened.root().equals(merkleRoot(leaves))).toBe(true);
          expect(verifyInclusion(leaves[index], index, treeSize, reopened.inclusionPath(index, treeSize), oldRoot)).toBe(true);
          expect(verifyConsistency(treeSize, size, oldRoot, reopened.root(), reopened.consistencyPath(treeSize))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
    db.close();
  });

  it('keeps tree heads in issue order, pages them by size, and refuses one smaller than the latest', async () => {
    const db = new Database(file);
    const heads = new SqliteTreeHeadStore(db);
    const head = (treeSize: number, minute: number) => ({
      treeSize,
      rootHash: 'a'.repeat(64),
      timestamp: `2026-11-21T12:0${minute}:00.000Z`,
      keyId: key.keyId,
      signature: 'sig',
    });
    for (const h of [head(0, 0), head(3, 1), head(3, 2), head(7, 3)]) await heads.save(h);
    expect(await heads.latest()).toEqual(head(7, 3));
    expect(await heads.atSize(3)).toEqual(head(3, 2));
    expect(await heads.list({ afterSize: 0, limit: 2 })).toEqual([head(3, 1), head(3, 2)]);
    expect((await heads.list()).map((h) => h.treeSize)).toEqual([0, 3, 3, 7]);
    await expect(heads.save(head(6, 4))).rejects.toThrow(RangeError);
    db.close();
  });

  it("joins the caller's transaction: a rollback leaves no leaf, and the log carries on from the store", () => {
    const db = new Database(file);
    const audit = AuditLog.sqlite(db, key);
    const events = chainedEvents(20);
    audit.appendEvents(events.slice(0, 10));
    const failing = db.transaction(() => {
      audit.appendEvents(events.slice(10, 15));
      throw new Error('the projector failed after the leaves');
    });
    expect(() => failing()).toThrow('the projector failed');
    expect(audit.treeSize).toBe(10);
    expect(audit.appendEvents(events.slice(10))).toBe(10);
    expect(audit.merkleLog.root().equals(merkleRoot(events.map(eventLeafHash)))).toBe(true);
    db.close();
  });

  it('verifies the stored log against the events and names a tampered one', async () => {
    const db = new Database(file);
    const audit = AuditLog.sqlite(db, key);
    const events = chainedEvents(600, 5);
    audit.appendEvents(events);
    const head = await audit.issueTreeHead(new Date('2026-11-21T12:00:00Z'));
    const merkleLog = new MerkleLog(new SqliteMerkleNodeStore(db));
    expect((await verifyLedger(asAsync(events), { treeHeads: [head], publicKey: key.publicKeyPem, merkleLog })).ok).toBe(true);
    const tampered = [...events];
    tampered[450] = { ...tampered[450], position: 450.5 };
    const report = await verifyLedger(asAsync(tampered), { treeHeads: [head], merkleLog });
    expect(report.firstMismatch).toMatchObject({ problem: 'leaf_mismatch', leafIndex: 450, position: 450.5 });
    db.close();
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version']);
      return true;
    } catch {
      return false;
    }
  })();
  (openssl ? it : it.skip)(
    'runs the regulator procedure of docs/audit.md with openssl and sha256sum (skipped only where openssl is not installed)',
    async () => {
      const signer = loadSigningKey({ dataDir: join(dir, 'data') });
      const audit = AuditLog.inMemory(signer);
      audit.appendEvents(chainedEvents(5));
      const head = await audit.issueTreeHead(new Date('2026-11-21T12:00:00Z'));
      const attestation = createAttestation(
        {
          query: { figure: 'trainings', groupBy: ['year'] },
          answer: { rows: [{ year: 2024, sessions: 5 }] },
          treeHead: head,
          issuedAt: new Date('2026-11-21T12:01:00Z'),
        },
        signer,
      );
      writeFileSync(join(dir, 'ledger-public.pem'), signer.publicKeyPem);
      writeFileSync(join(dir, 'attestation.json'), JSON.stringify(attestation, null, 2));
      writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
      // The shell procedure of docs/audit.md section 3, run as written.
      const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'audit.md'), 'utf8');
      const procedure = /## 3\.[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc)?.[1];
      expect(procedure).toContain('openssl pkeyutl -verify');
      const output = execFileSync('sh', ['-ec', procedure as string], { cwd: dir, encoding: 'utf8' });
      const lines = output.trim().split('\n');
      expect(lines[0]).toBe(signer.keyId);
      expect(output.match(/Signature Verified Successfully/g)).toHaveLength(3);
      expect(lines).toContain(`query: {"figure":"trainings","groupBy":["year"]}`);
      const answerAt = lines.indexOf(attestation.answerHash);
      expect(answerAt).toBeGreaterThan(0);
      expect(lines[answerAt + 1]).toBe(attestation.answerHash);
      expect(lines[lines.length - 1]).toBe('{"rows":[{"sessions":5,"year":2024}]}');
      expect(treeHeadStatement(head).toString()).toContain(`tree-size: 5`);
      expect(verifyTreeHead(head, signer.publicKeyPem)).toBe(true);

      writeFileSync(join(dir, 'head.txt'), treeHeadStatement({ ...head, treeSize: 6 }));
      expect(() =>
        execFileSync(
          'openssl',
          [
            'pkeyutl',
            '-verify',
            '-pubin',
            '-inkey',
            join(dir, 'ledger-public.pem'),
            '-rawin',
            '-in',
            join(dir, 'head.txt'),
            '-sigfile',
            join(dir, 'head.sig'),
          ],
          { stdio: 'pipe' },
        ),
      ).toThrow();
    },
  );
});
