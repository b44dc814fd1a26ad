import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchUpAuditLog, EventLeafIndex, loadSigningKey, openAuditLog, recomputeContentHash, type OpenedAuditLog } from '@ledger/audit';
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
      await events.appendToStream(
        stream,
        [{ eventId, type: 'Noted', schemaVersion: 1, data: { n: appended }, metadata: { actor: 'test' } }],
        { expectedRevision: 'any' },
      );
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
    expect(await verifier.step()).toMatchObject({
      ok: true,
      treeSize: 50,
      position: 50,
      treeHeadsChecked: 2,
      rootHash: audit.audit.merkleLog.root(50).toString('hex'),
    });
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
    expect(await verifier.step()).toMatchObject({
      ok: false,
      treeSize: 12,
      firstMismatch: { problem: 'content_hash_mismatch', position: 13 },
    });
    await append(2);
    await catchUpAuditLog(events, audit.audit);
    expect(await verifier.step()).toMatchObject({ ok: false, firstMismatch: { position: 13 } });
    expect(await verifier.full()).toMatchObject({ ok: false, firstMismatch: { problem: 'content_hash_mismatch', position: 13 } });
  });

  it('misses an event altered after it was verified in its steps; the sweep finds it within one round', async () => {
    await append(10);
    await catchUpAuditLog(events, audit.audit);
    await verifier.full();
    tamper(4);
    await append(3);
    await catchUpAuditLog(events, audit.audit);
    // Steps read only what the tree gained: the altered event is behind them.
    expect(await verifier.step()).toMatchObject({ ok: true, treeSize: 13 });
    // The sweep goes 3 events at a time from leaf 0: leaves 0..2 are fine, leaves 3..5 hold position 4.
    expect(await verifier.sweep(3)).toMatchObject({ ok: true });
    expect(verifier.sweepPosition).toEqual({ nextLeaf: 3, rounds: 0 });
    expect(await verifier.sweep(3)).toMatchObject({
      ok: false,
      firstMismatch: { problem: 'content_hash_mismatch', position: 4, leafIndex: 3 },
    });
    // Reported as any mismatch: steps stay at it until a full pass, which agrees.
    await append(1);
    await catchUpAuditLog(events, audit.audit);
    expect(await verifier.step()).toMatchObject({ ok: false, firstMismatch: { position: 4 } });
    expect(await verifier.full()).toMatchObject({ ok: false, firstMismatch: { problem: 'content_hash_mismatch', position: 4 } });
  });

  it('wraps around the verified log, and finds a rewritten leaf and a deleted event', async () => {
    await append(6);
    await catchUpAuditLog(events, audit.audit);
    await verifier.full();
    for (let i = 0; i < 3; i++) expect(await verifier.sweep(4)).toMatchObject({ ok: true });
    // 6 leaves in windows of 4: 0..3, 4..5, then round two from 0.
    expect(verifier.sweepPosition).toEqual({ nextLeaf: 4, rounds: 1 });
    // An event rewritten with a content hash that matches its new content: only its leaf shows it.
    const [event] = (await events.readAll({ limit: 6 })).filter((e) => e.position === 5);
    const forgedHash = recomputeContentHash({ ...event, data: { n: 99 } });
    const db = new Database(file);
    db.prepare("UPDATE events SET data = json_set(data, '$.n', 99), content_hash = ? WHERE position = 5").run(forgedHash);
    db.close();
    expect(recomputeContentHash((await events.readAll({ limit: 6 }))[4])).toBe(forgedHash);
    expect(await verifier.sweep(10)).toMatchObject({ ok: false, firstMismatch: { problem: 'leaf_mismatch', position: event.position } });
  });

  it('finds an event deleted after it was verified', async () => {
    await append(5);
    await catchUpAuditLog(events, audit.audit);
    await verifier.full();
    const db = new Database(file);
    db.prepare('DELETE FROM events WHERE position = 5').run();
    db.close();
    expect(await verifier.sweep(10)).toMatchObject({ ok: false, firstMismatch: { problem: 'event_missing', leafIndex: 4 } });
  });
});
