import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchUpAuditLog, EventLeafIndex, loadSigningKey, openAuditLog, type OpenedAuditLog } from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store';
import Database from 'better-sqlite3';
import { LedgerVerifier } from './ledger-verifier';

/** The worker's verifier, run in-process on a real SQLite ledger: a full pass, then steps over what the tree gained. */
describe('LedgerVerifier: full pass, continuous steps, event id index', () => {
  let dir: string;
  let file: string;
  let events: SqliteEventStore;
  let audit: OpenedAuditLog;
  let index: EventLeafIndex;
  let verifier: LedgerVerifier;
  let appended = 0;
  const ids: string[] = [];

  async function append(count: number): Promise<void> {
    for (let i = 0; i < count; i++, appended++) {
      const stream = `training-s${appended % 3}`;
      const eventId = `00000000-0000-4000-8000-${(appended + 1).toString(16).padStart(12, '0')}`;
      ids.push(eventId);
      await events.appendToStream(stream, [{ eventId, type: 'Noted', schemaVersion: 1, data: { n: appended }, metadata: { actor: 'test' } }], { expectedRevision: 'any' });
    }
  }
  const tamper = (position: number) => {
    const db = new Database(file);
    db.prepare("UPDATE events SET data = json_set(data, '$.n', -1) WHERE position = ?").run(position);
    db.close();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-verifier-'));
    file = join(dir, 'events.sqlite');
    events = new SqliteEventStore({ filename: file });
    audit = openAuditLog(file, loadSigningKey({ dataDir: dir }));
    index = EventLeafIndex.open(join(dir, 'index.sqlite'));
    verifier = new LedgerVerifier(events, audit.audit, index);
    appended = 0;
    ids.length = 0;
  });
  afterEach(async () => {
    index.close();
    audit.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies only leaves the tree holds, then each step takes what the tree gained and the heads signed since', async () => {
    await append(30);
    await catchUpAuditLog(events, audit.audit);
    audit.audit.issueTreeHead(new Date('2025-01-01T00:00:00Z'));
    const progress: number[] = [];
    const full = await verifier.full((p) => progress.push(p.eventsChecked));
    expect(full).toMatchObject({ ok: true, eventsChecked: 30, streamsChecked: 3, treeHeadsChecked: 1 });
    expect(progress[progress.length - 1]).toBe(30);

    await append(20);
    // The follower has not added the new events yet: nothing to check.
    expect(await verifier.step()).toMatchObject({ ok: true, treeSize: 30, position: 30 });
    await catchUpAuditLog(events, audit.audit);
    audit.audit.issueTreeHead(new Date('2025-01-01T00:01:00Z'));
    expect(await verifier.step()).toMatchObject({ ok: true, treeSize: 50, position: 50, treeHeadsChecked: 2, rootHash: audit.audit.merkleLog.root(50).toString('hex') });
    // A head signed at a size already passed (on demand, nothing new) is checked against the verified tree.
    audit.audit.issueTreeHead(new Date('2025-01-01T00:02:00Z'));
    expect(await verifier.step()).toMatchObject({ ok: true, treeSize: 50, treeHeadsChecked: 3 });
    expect(await verifier.step()).toMatchObject({ treeHeadsChecked: 3 });

    // Every verified event is in the index with its leaf.
    expect(index.indexed).toBe(50);
    expect(index.lookup(ids[41])).toEqual({ leafIndex: 41, position: 42 });
    expect(index.lookup('00000000-0000-4000-8000-ffffffffffff')).toBeUndefined();
  });

  it('finds a new event altered before its step, and stays at the mismatch until a full pass', async () => {
    await append(10);
    await catchUpAuditLog(events, audit.audit);
    await verifier.full();
    await append(5);
    await catchUpAuditLog(events, audit.audit);
    tamper(13);
    expect(await verifier.step()).toMatchObject({ ok: false, treeSize: 12, firstMismatch: { problem: 'content_hash_mismatch', position: 13 } });
    await append(2);
    await catchUpAuditLog(events, audit.audit);
    expect(await verifier.step()).toMatchObject({ ok: false, firstMismatch: { position: 13 } });
    expect(await verifier.full()).toMatchObject({ ok: false, firstMismatch: { problem: 'content_hash_mismatch', position: 13 } });
  });

  it('leaves an event altered after it was verified to the next full pass, which finds it', async () => {
    await append(10);
    await catchUpAuditLog(events, audit.audit);
    await verifier.full();
    tamper(4);
    await append(3);
    await catchUpAuditLog(events, audit.audit);
    expect(await verifier.step()).toMatchObject({ ok: true, treeSize: 13 });
    expect(await verifier.full()).toMatchObject({ ok: false, firstMismatch: { problem: 'content_hash_mismatch', position: 4 } });
    expect(verifier.position).toMatchObject({ ok: false });
  });
});
