import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TreeHeadOrderError, type SignedTreeHead } from '@ledger/audit';
import { KeyHasher, KeyManagement, SecurityLog, SecurityLogConflictError } from '@ledger/auth';
import { GENESIS_HASH } from '@ledger/event-store';
import { runUnderLease } from '../src/lease';
import { SECRET_NAMES } from '../src/secret-store';
import type { SharedStore } from '../src/shared-store.port';

/** Where a contract test's stores live; the lease-holder child process opens the same. */
export type SharedStoreLocation =
  | { readonly kind: 'sqlite'; readonly dataDir: string; readonly auditFile: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

export interface SharedStoreFixture {
  readonly location: SharedStoreLocation;
  /** Another handle on the same store, as another API instance would open it. */
  open(): Promise<SharedStore>;
  cleanup(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..', '..');
const hasher = new KeyHasher(Buffer.from('contract-key-hash-secret-of-32-bytes-at-least'));
const head = (treeSize: number, minute: number): SignedTreeHead => ({
  treeSize,
  rootHash: 'a'.repeat(64),
  timestamp: `2026-11-21T12:0${minute}:00.000Z`,
  keyId: 'k'.repeat(64),
  signature: 'sig',
});
const event = (type: string, data: unknown) => ({ eventId: randomUUID(), type, schemaVersion: 1, data, actor: 'test:contract' });

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

/**
 * One contract for every shared store adapter: what N API instances on one ledger rely on. Each test opens two
 * handles on one fresh store (two instances) and checks that what one writes, the other sees.
 */
export function sharedStoreContract(adapter: string, fixture: () => Promise<SharedStoreFixture>): void {
  describe(`SharedStore contract: ${adapter}`, () => {
    let fx: SharedStoreFixture;
    let a: SharedStore;
    let b: SharedStore;
    beforeEach(async () => {
      fx = await fixture();
      a = await fx.open();
      b = await fx.open();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await fx.cleanup();
    });

    it('security log: hash-chained streams, positions in order, expected state enforced, seen by every instance', async () => {
      const first = await a.securityLog.append('apikey-1', event('ApiKeyCreated', { keyId: '1' }), 'no_stream');
      const second = await b.securityLog.append('apikey-1', event('ApiKeyRevoked', { keyId: '1' }), 'stream_exists');
      const other = await a.securityLog.append('subject-x', event('SubjectKeyErased', { subject: 'x' }), 'any');
      expect([first.revision, second.revision, other.revision]).toEqual([0, 1, 0]);
      expect(first.position).toBeLessThan(second.position);
      expect(second.position).toBeLessThan(other.position);
      expect(first.metadata.prevHash).toBe(GENESIS_HASH);
      expect(second.metadata.prevHash).toBe(first.metadata.contentHash);
      expect(second.metadata).toMatchObject({ actor: 'test:contract', recordedAt: expect.any(String) });
      await expect(b.securityLog.append('apikey-1', event('ApiKeyCreated', { keyId: '1' }), 'no_stream')).rejects.toBeInstanceOf(
        SecurityLogConflictError,
      );
      await expect(a.securityLog.append('apikey-2', event('ApiKeyRevoked', { keyId: '2' }), 'stream_exists')).rejects.toBeInstanceOf(
        SecurityLogConflictError,
      );
      expect((await b.securityLog.readAfter(0, 10)).map((e) => e.eventId)).toEqual([first.eventId, second.eventId, other.eventId]);
      expect((await b.securityLog.readAfter(first.position, 1)).map((e) => e.eventId)).toEqual([second.eventId]);
      expect((await b.securityLog.readStream('apikey-1', 10)).map((e) => e.type)).toEqual(['ApiKeyCreated', 'ApiKeyRevoked']);
      expect((await a.securityLog.readStream('apikey-1', 10))[1]).toEqual(second);
    });

    it('security log: concurrent appends from two instances all land, at distinct positions read back in order', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).securityLog.append(`subject-${i}`, event('SubjectKeyErased', { i }), 'any')),
      );
      const read = await a.securityLog.readAfter(0, 100);
      expect(read).toHaveLength(10);
      const positions = read.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(10);
    });

    it('security log: a store that can tell of appends tells every instance (the registry then reads at once)', async () => {
      if (a.securityLog.watch === undefined) {
        // The embedded log cannot tell; its readers read the local file before every lookup instead.
        expect(a.kind).toBe('sqlite');
        return;
      }
      let told = 0;
      const watch = await a.securityLog.watch(() => told++);
      try {
        expect(watch.live()).toBe(true);
        const before = told;
        await b.securityLog.append('apikey-9', event('ApiKeyCreated', { keyId: '9' }), 'no_stream');
        await eventually(async () => told > before, 2000);
      } finally {
        await watch.stop();
      }
      expect(watch.live()).toBe(false);
    });

    it('keys: created on one instance, it authenticates on the other; revoked there, it stops there too', async () => {
      const one = new KeyManagement(new SecurityLog(a.securityLog), () => '2026-01-01T00:00:00.000Z', hasher);
      const two = new KeyManagement(new SecurityLog(b.securityLog), () => '2026-01-01T00:00:00.000Z', hasher);
      try {
        expect(await two.authenticate('ldg_unknown')).toBeUndefined();
        const created = await one.create({ role: 'auditor' }, 'test:admin');
        await eventually(async () => (await two.authenticate(created.key)) !== undefined, 5000);
        await one.revoke(created.keyId, 'test:admin');
        // How soon is bounded by KeyManagement (on notice, else after a second: key-management.spec.ts), not timed here.
        await eventually(async () => (await two.authenticate(created.key)) === undefined, 5000);
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('subject keys: one key per subject for every instance; an erasure on one holds on all at once', async () => {
      const key = await a.subjectKeys.keyFor('s1', '2026-01-01T00:00:00.000Z');
      expect(key).toHaveLength(32);
      expect(await b.subjectKeys.keyFor('s1', '2026-01-02T00:00:00.000Z')).toEqual(key);
      expect(await b.subjectKeys.key('s1')).toEqual(key);
      expect(await a.subjectKeys.key('nobody')).toBeUndefined();
      expect(await b.subjectKeys.erase('s1', '2026-02-01T00:00:00.000Z')).toBe(true);
      expect(await a.subjectKeys.key('s1')).toBeUndefined();
      expect(await a.subjectKeys.isErased('s1')).toBe(true);
      expect(await a.subjectKeys.keyFor('s1', '2026-02-02T00:00:00.000Z')).toBeUndefined();
      expect(await a.subjectKeys.erase('s1', '2026-02-03T00:00:00.000Z')).toBe(false);
      // Erasing a subject that never had a key still forbids one later.
      expect(await a.subjectKeys.erase('s2', '2026-02-03T00:00:00.000Z')).toBe(false);
      expect(await b.subjectKeys.keyFor('s2', '2026-02-04T00:00:00.000Z')).toBeUndefined();
    });

    it('tree heads: issue order, lookups by size, pages, and never a smaller head after a larger one from anyone', async () => {
      for (const [store, h] of [
        [a, head(0, 0)],
        [b, head(3, 1)],
        [a, head(3, 2)],
        [b, head(7, 3)],
      ] as const)
        await store.treeHeads.save(h);
      expect(await a.treeHeads.latest()).toEqual(head(7, 3));
      expect(await b.treeHeads.atSize(3)).toEqual(head(3, 2));
      expect(await b.treeHeads.atSize(4)).toBeUndefined();
      expect(await a.treeHeads.list({ afterSize: 0, limit: 2 })).toEqual([head(3, 1), head(3, 2)]);
      expect((await b.treeHeads.list()).map((h) => h.treeSize)).toEqual([0, 3, 3, 7]);
      await expect(a.treeHeads.save(head(6, 4))).rejects.toBeInstanceOf(TreeHeadOrderError);
      const raced = await Promise.allSettled([a.treeHeads.save(head(9, 5)), b.treeHeads.save(head(8, 5))]);
      const sizes = (await a.treeHeads.list()).map((h) => h.treeSize);
      expect([...sizes].sort((x, y) => x - y)).toEqual(sizes);
      expect(raced.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    });

    it('secrets: absent until kept; the first value kept is the one every instance gets', async () => {
      expect(await a.secrets.get(SECRET_NAMES.keyHash)).toBeUndefined();
      expect(await a.secrets.putIfAbsent(SECRET_NAMES.keyHash, 'first-secret-value-of-some-length')).toBe(
        'first-secret-value-of-some-length',
      );
      expect(await b.secrets.putIfAbsent(SECRET_NAMES.keyHash, 'second-secret-value-of-some-length')).toBe(
        'first-secret-value-of-some-length',
      );
      expect(await b.secrets.get(SECRET_NAMES.keyHash)).toBe('first-secret-value-of-some-length');
      const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
      await b.secrets.putIfAbsent(SECRET_NAMES.signingKey, pem);
      expect(await a.secrets.get(SECRET_NAMES.signingKey)).toBe(pem);
    });

    it('leases: one holder at a time; released, another takes it; a waiting runner runs once the holder is done', async () => {
      const held = await a.leases.tryAcquire('projector');
      expect(held).toBeDefined();
      expect(await b.leases.tryAcquire('projector')).toBeUndefined();
      expect(await b.leases.tryAcquire('signer')).toBeDefined();
      await held!.release();
      const taken = await b.leases.tryAcquire('projector');
      expect(taken).toBeDefined();
      expect(await a.leases.tryAcquire('projector')).toBeUndefined();
      await taken!.release();
      // runUnderLease: the waiting one runs once the holder's work ends.
      const order: string[] = [];
      const stop = new AbortController();
      const first = runUnderLease(a.leases, 'job', stop.signal, async () => void order.push('a'), { retryMs: 50 });
      await first;
      const second = runUnderLease(b.leases, 'job', stop.signal, async () => void order.push('b'), { retryMs: 50 });
      await second;
      expect(order).toEqual(['a', 'b']);
    });

    it('leases: when the holder process is killed, another process takes the lease over', async () => {
      const child = spawn(
        process.execPath,
        [
          '-r',
          path.join(root, 'bench', 'support', 'register.js'),
          path.join(__dirname, 'lease-holder.child.ts'),
          JSON.stringify(fx.location),
          'projector',
        ],
        {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      try {
        const said = await new Promise<string>((resolve, reject) => {
          child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
          child.once('exit', (code) => reject(new Error(`lease holder exited with ${code}`)));
        });
        expect(said).toBe('held');
        expect(await a.leases.tryAcquire('projector')).toBeUndefined();
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      let lease;
      await eventually(async () => (lease = await a.leases.tryAcquire('projector')) !== undefined, 5000);
      expect(lease).toBeDefined();
    }, 30_000);
  });
}
