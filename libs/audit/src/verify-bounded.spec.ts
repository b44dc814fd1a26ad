import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, type RecordedEvent } from '@ledger/event-store';
import { SeenStreamTips } from './sqlite/seen-stream-tips';
import { asAsync, chainedEvents } from './testing/chained-events';
import { verifyLedger, type PreviousEventLookup, type VerifyReport } from './verify';

/**
 * With a stream cache of 2 over 5 interleaved streams (round robin), every stream is evicted before its next event:
 * each link is checked through the lookup, and each report must be the one the unbounded verifier gives.
 */
const STREAMS = 5;
const CACHE = 2;

/** The lookup a store gives over these (possibly tampered) stored events: the greatest revision at or below. */
function storeLookup(stored: readonly RecordedEvent[], calls: { count: number }): PreviousEventLookup {
  return async (stream, revision) => {
    calls.count++;
    let found: RecordedEvent | undefined;
    for (const event of stored)
      if (event.stream === stream && event.revision <= revision && (found === undefined || event.revision > found.revision)) found = event;
    return found;
  };
}

async function bothWays(events: readonly RecordedEvent[]): Promise<{ bounded: VerifyReport; unbounded: VerifyReport; lookups: number }> {
  const calls = { count: 0 };
  const bounded = await verifyLedger(asAsync(events), { previousEvent: storeLookup(events, calls), streamCacheSize: CACHE });
  const unbounded = await verifyLedger(asAsync(events));
  return { bounded, unbounded, lookups: calls.count };
}

const resealed = (event: RecordedEvent, data: unknown, prevHash = event.metadata.prevHash): RecordedEvent => {
  const { contentHash: _c, prevHash: _p, ...metadata } = event.metadata;
  const hash = contentHash({
    stream: event.stream,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data,
    metadata,
  });
  return { ...event, data, metadata: { ...event.metadata, contentHash: hash, prevHash } };
};

describe('verifyLedger with a bounded stream cache', () => {
  it('passes an untouched log, looking up every evicted stream, with the same report as unbounded', async () => {
    const { bounded, unbounded, lookups } = await bothWays(chainedEvents(40, STREAMS));
    expect(bounded).toEqual(unbounded);
    expect(bounded).toMatchObject({ ok: true, eventsChecked: 40, streamsChecked: STREAMS });
    // Every event after a stream's first is a miss.
    expect(lookups).toBe(40 - STREAMS);
  });

  it('finds a broken prevHash link in an evicted stream, against the previous event', async () => {
    const events = chainedEvents(40, STREAMS);
    events[25] = { ...events[25], metadata: { ...events[25].metadata, prevHash: events[19].metadata.contentHash } };
    const { bounded, unbounded } = await bothWays(events);
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'chain_broken',
      position: 26,
      stream: 'training-0',
      revision: 5,
      expected: events[20].metadata.contentHash,
      actual: events[19].metadata.contentHash,
    });
    expect(bounded).toEqual(unbounded);
  });

  it("finds a deleted event of an evicted stream at the stream's next event", async () => {
    const events = chainedEvents(40, STREAMS);
    events.splice(11, 1); // training-1@2, position 12
    const { bounded, unbounded } = await bothWays(events);
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 17,
      stream: 'training-1',
      revision: 3,
      expected: '2',
      actual: '3',
    });
    expect(bounded).toEqual(unbounded);
  });

  it('finds the first events of an evicted stream deleted (nothing stored before it)', async () => {
    const events = chainedEvents(40, STREAMS).filter((event) => !(event.stream === 'training-3' && event.revision < 2));
    const { bounded, unbounded } = await bothWays(events);
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 14,
      stream: 'training-3',
      revision: 2,
      expected: '0',
      actual: '2',
    });
    expect(bounded).toEqual(unbounded);
  });

  it('finds a content edit in an evicted stream at the edited event', async () => {
    const events = chainedEvents(40, STREAMS);
    events[16] = { ...events[16], data: { participants: 99, country: 'MX', deliveredOn: '2024-03-01' } };
    const { bounded, unbounded } = await bothWays(events);
    expect(bounded.firstMismatch).toMatchObject({ problem: 'content_hash_mismatch', position: 17, stream: 'training-1', revision: 3 });
    expect(bounded).toEqual(unbounded);
  });

  it('finds a re-sealed edit of an evicted stream at the next event, whose prevHash no longer links to it', async () => {
    const events = chainedEvents(40, STREAMS);
    const original = events[16].metadata.contentHash;
    events[16] = resealed(events[16], { participants: 99, country: 'MX', deliveredOn: '2024-03-01' });
    const { bounded, unbounded } = await bothWays(events);
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'chain_broken',
      position: 22,
      stream: 'training-1',
      revision: 4,
      expected: events[16].metadata.contentHash,
      actual: original,
    });
    expect(bounded).toEqual(unbounded);
  });

  it('finds two events of an evicted stream that swapped places', async () => {
    const events = chainedEvents(40, STREAMS);
    // training-2@1 (position 8) and training-2@2 (position 13) swap positions.
    const [a, b] = [events[7], events[12]];
    events[7] = { ...b, position: a.position };
    events[12] = { ...a, position: b.position };
    const { bounded, unbounded } = await bothWays(events);
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 8,
      stream: 'training-2',
      revision: 2,
      expected: '1',
      actual: '2',
    });
    expect(bounded).toEqual(unbounded);
  });

  it("links to the previous event's recomputed content hash, not its stored one (an edit made after it was read)", async () => {
    const events = chainedEvents(40, STREAMS);
    const stored = [...events];
    stored[16] = { ...stored[16], data: { participants: 99, country: 'MX', deliveredOn: '2024-03-01' } }; // contentHash left as recorded
    const report = await verifyLedger(asAsync(events), { previousEvent: storeLookup(stored, { count: 0 }), streamCacheSize: CACHE });
    expect(report.firstMismatch).toMatchObject({
      problem: 'chain_broken',
      position: 22,
      stream: 'training-1',
      revision: 4,
      actual: events[16].metadata.contentHash,
    });
    expect(report.firstMismatch?.expected).not.toBe(events[16].metadata.contentHash);
  });

  it('refuses a bounded cache without a lookup (an evicted stream could not be checked)', async () => {
    await expect(verifyLedger(asAsync(chainedEvents(4)), { streamCacheSize: 2 })).rejects.toThrow(/previousEvent/);
  });
});

describe('SeenStreamTips (the lookup for a log read from a file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seen-stream-tips-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function verifyThroughFile(events: readonly RecordedEvent[]): Promise<VerifyReport> {
    const seen = new SeenStreamTips(join(dir, 'tips.sqlite'));
    try {
      return await verifyLedger(seen.record(asAsync(events)), { previousEvent: seen.previousEvent, streamCacheSize: CACHE });
    } finally {
      seen.close();
    }
  }

  it('passes an untouched log with the unbounded report', async () => {
    const events = chainedEvents(40, STREAMS);
    expect(await verifyThroughFile(events)).toEqual(await verifyLedger(asAsync(events)));
  });

  it('finds a deleted event, a broken link and an edit in evicted streams as the unbounded verifier does', async () => {
    const deleted = chainedEvents(40, STREAMS);
    deleted.splice(11, 1);
    const broken = chainedEvents(40, STREAMS);
    broken[25] = { ...broken[25], metadata: { ...broken[25].metadata, prevHash: broken[19].metadata.contentHash } };
    const resealedEdit = chainedEvents(40, STREAMS);
    resealedEdit[16] = resealed(resealedEdit[16], { participants: 99, country: 'MX', deliveredOn: '2024-03-01' });
    for (const [events, problem] of [
      [deleted, 'revision_gap'],
      [broken, 'chain_broken'],
      [resealedEdit, 'chain_broken'],
    ] as const) {
      const report = await verifyThroughFile(events);
      expect(report.firstMismatch?.problem).toBe(problem);
      expect(report).toEqual(await verifyLedger(asAsync(events)));
    }
  });

  it('finds a revision of an evicted stream repeated later in the log', async () => {
    const events = chainedEvents(40, STREAMS);
    events.push({ ...events[12], position: 41 }); // training-2@2 again
    const report = await verifyThroughFile(events);
    expect(report.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 41,
      stream: 'training-2',
      revision: 2,
      expected: '8',
      actual: '2',
    });
    expect(report).toEqual(await verifyLedger(asAsync(events)));
  });
});
