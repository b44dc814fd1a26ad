import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { previousEventIn, readGlobalLog, recomputeContentHash, verifyLedger, type VerifyReport } from '@ledger/audit';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';

/**
 * A SQLite store with four streams written round robin (training-a@0 at position 1, training-b@0 at 2, ...,
 * training-d@3 at 16), tampered with through SQL, verified with a stream cache of one: every stream is evicted
 * before its next event, so each link is checked through `previousEventIn(store)`. Each report must be the one the
 * unbounded verifier gives.
 */
describe('verifyLedger with one cached stream over a tampered SQLite store', () => {
  const streams = ['a', 'b', 'c', 'd'];
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-bounded-verify-'));
    file = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ filename: file });
    for (let i = 0; i < 16; i++) {
      await store.appendToStream(
        `training-${streams[i % 4]}`,
        [{ eventId: randomUUID(), type: 'NoteRecorded', schemaVersion: 1, data: { n: i + 1 }, metadata: { actor: 'test' } }],
        { expectedRevision: 'any' },
      );
    }
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function tamper(sql: string, ...params: unknown[]): void {
    const db = new Database(file);
    db.prepare(sql).run(...params);
    db.close();
  }

  async function bothWays(): Promise<{ bounded: VerifyReport; unbounded: VerifyReport; lookups: number }> {
    const store = new SqliteEventStore({ filename: file });
    try {
      const lookup = previousEventIn(store);
      let lookups = 0;
      const bounded = await verifyLedger(readGlobalLog(store, { pageSize: 3 }), {
        previousEvent: (stream, revision) => (lookups++, lookup(stream, revision)),
        streamCacheSize: 1,
      });
      const unbounded = await verifyLedger(readGlobalLog(store, { pageSize: 3 }));
      return { bounded, unbounded, lookups };
    } finally {
      await store.close();
    }
  }

  async function eventAt(position: number): Promise<RecordedEvent> {
    const store = new SqliteEventStore({ filename: file });
    try {
      return (await store.readAll({ from: position, limit: 1 }))[0];
    } finally {
      await store.close();
    }
  }

  it('passes the untouched store', async () => {
    const { bounded, unbounded, lookups } = await bothWays();
    expect(bounded).toMatchObject({ ok: true, eventsChecked: 16, streamsChecked: 4 });
    expect(lookups).toBe(12); // every event after a stream's first
    expect(bounded).toEqual(unbounded);
  });

  it('finds an edited event of an evicted stream', async () => {
    tamper(`UPDATE events SET data = json_set(data, '$.n', 99) WHERE position = 10`);
    const { bounded, unbounded } = await bothWays();
    expect(bounded.firstMismatch).toMatchObject({ problem: 'content_hash_mismatch', position: 10, stream: 'training-b', revision: 2 });
    expect(bounded).toEqual(unbounded);
  });

  it("finds a deleted event at its stream's next event", async () => {
    tamper('DELETE FROM events WHERE position = 6');
    const { bounded, unbounded } = await bothWays();
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 10,
      stream: 'training-b',
      revision: 2,
      expected: '1',
      actual: '2',
    });
    expect(bounded).toEqual(unbounded);
  });

  it('finds an edit re-sealed with a matching content hash at the next event of its stream (a broken chain)', async () => {
    const original = await eventAt(6);
    tamper(`UPDATE events SET data = json_set(data, '$.n', 99) WHERE position = 6`);
    const edited = await eventAt(6);
    tamper('UPDATE events SET content_hash = ? WHERE position = 6', recomputeContentHash(edited));
    const { bounded, unbounded } = await bothWays();
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'chain_broken',
      position: 10,
      stream: 'training-b',
      revision: 2,
      expected: recomputeContentHash(edited),
      actual: original.metadata.contentHash,
    });
    expect(bounded).toEqual(unbounded);
  });

  it('finds two events of an evicted stream that swapped places', async () => {
    tamper('UPDATE events SET position = 100 WHERE position = 6');
    tamper('UPDATE events SET position = 6 WHERE position = 10');
    tamper('UPDATE events SET position = 10 WHERE position = 100');
    const { bounded, unbounded } = await bothWays();
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 6,
      stream: 'training-b',
      revision: 2,
      expected: '1',
      actual: '2',
    });
    expect(bounded).toEqual(unbounded);
  });
});
