import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore } from '@ledger/event-store';
import { AuditLog, verifyInclusionProof } from './audit-log';
import { followEventLog, readGlobalLog, scheduleTreeHeads } from './log-follower';
import { signingKeyFrom } from './signing-key';
import { chainedEvents } from './testing/chained-events';
import { verifyLedger } from './verify';

const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

async function record(store: EventStore, stream: string, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'TrainingSessionRecorded',
    schemaVersion: 1,
    data: { participants: i + 1 },
    metadata: { actor: 'service:training' },
  }));
  await store.appendToStream(stream, events, { expectedRevision: 'any' });
}

describe('following the real event store', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ filename: ':memory:', pollIntervalMs: 20 })));
  afterEach(() => store.close());

  it('lets the event loop turn between batches while it catches up', async () => {
    await record(store, 'training-a', 40);
    const audit = AuditLog.inMemory(key);
    const abort = new AbortController();
    let turns = 0;
    let turnsWhenCaughtUp = -1;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await followEventLog(store, audit, {
      signal: abort.signal,
      maxBatch: 4,
      onCaughtUp: () => {
        turnsWhenCaughtUp = turns;
        abort.abort();
      },
    });
    counting = false;
    expect(audit.treeSize).toBe(40);
    // Ten batches of four: a turn after each full one.
    expect(turnsWhenCaughtUp).toBeGreaterThanOrEqual(9);
  });

  it('puts every event in the tree once, in log order, catching up then live, and resumes after its own last leaf', async () => {
    await record(store, 'training-a', 5);
    await record(store, 'training-b', 3);
    const audit = AuditLog.inMemory(key);
    const abort = new AbortController();
    const sizes: number[] = [];
    const following = followEventLog(store, audit, {
      signal: abort.signal,
      maxBatch: 4,
      onCaughtUp: (size) => {
        sizes.push(size);
        if (size === 8) void record(store, 'training-a', 2);
        if (size === 10) abort.abort();
      },
    });
    await following;
    expect(sizes).toEqual([8, 10]);
    expect(audit.treeSize).toBe(10);

    await record(store, 'training-c', 1);
    const again = new AbortController();
    await followEventLog(store, audit, { signal: again.signal, onCaughtUp: () => again.abort() });
    expect(audit.treeSize).toBe(11);

    const head = await audit.issueTreeHead(new Date('2026-11-21T12:00:00Z'));
    const report = await verifyLedger(readGlobalLog(store, { pageSize: 3 }), {
      treeHeads: [head],
      publicKey: key.publicKey,
      merkleLog: audit.merkleLog,
    });
    expect(report).toMatchObject({ ok: true, eventsChecked: 11, streamsChecked: 3, treeHeadsChecked: 1 });
    const [tenth] = await store.readAll({ after: 9, limit: 1 });
    expect(verifyInclusionProof(await audit.inclusionProof(tenth.position), head, tenth)).toBe(true);
  });

  it('signs a head on schedule only when the log grew', async () => {
    jest.useFakeTimers();
    try {
      const audit = AuditLog.inMemory(key);
      const issued: number[] = [];
      const stop = scheduleTreeHeads(audit, {
        intervalMs: 1000,
        now: () => new Date('2026-11-21T12:00:00Z'),
        onIssued: (head) => issued.push(head.treeSize),
      });
      await jest.advanceTimersByTimeAsync(1000);
      audit.appendEvents(chainedEvents(2));
      await jest.advanceTimersByTimeAsync(3000);
      stop();
      audit.appendEvents([]);
      await jest.advanceTimersByTimeAsync(5000);
      expect(issued).toEqual([0, 2]);
      expect(await audit.treeHeads.list()).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
