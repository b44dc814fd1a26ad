import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { contentHash, type RecordedEvent } from '@ledger/event-store';
import { AuditLog } from './audit-log';
import { signingKeyFrom } from './signing-key';
import { asAsync, chainedEvents } from './testing/chained-events';
import type { SignedTreeHead } from './tree-head';
import { recomputeContentHash, verifyLedger, type VerifyOptions, type VerifyProgress } from './verify';

const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

/** 40 events over 3 streams (training-0, -1, -2 round robin, positions 1..40), heads at 20 and 40. */
async function ledger(): Promise<{ events: RecordedEvent[]; audit: AuditLog; heads: SignedTreeHead[] }> {
  const events = chainedEvents(40, 3);
  const audit = AuditLog.inMemory(key);
  audit.appendEvents(events.slice(0, 20));
  const first = await audit.issueTreeHead(new Date('2026-11-21T10:00:00Z'));
  audit.appendEvents(events.slice(20));
  const second = await audit.issueTreeHead(new Date('2026-11-21T11:00:00Z'));
  return { events, audit, heads: [second, first] };
}

const withData = (event: RecordedEvent, data: unknown): RecordedEvent => ({ ...event, data });
const movedTo = (event: RecordedEvent, position: number): RecordedEvent => ({ ...event, position });
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

describe('verifyLedger', () => {
  it('passes an untouched log against its signed heads and stored Merkle log, reporting progress', async () => {
    const { events, audit, heads } = await ledger();
    const progress: VerifyProgress[] = [];
    const report = await verifyLedger(asAsync(events), {
      treeHeads: heads,
      publicKey: key.publicKeyPem,
      merkleLog: audit.merkleLog,
      onProgress: (p) => progress.push(p),
      progressEvery: 16,
    });
    expect(report).toEqual({
      ok: true,
      eventsChecked: 40,
      streamsChecked: 3,
      lastPosition: 40,
      rootHash: heads[0].rootHash,
      treeHeadsChecked: 2,
    });
    expect(progress).toEqual([
      { eventsChecked: 16, position: 16 },
      { eventsChecked: 32, position: 32 },
      { eventsChecked: 40, position: 40 },
    ]);
  });

  it('finds an event whose data was changed after recording (its stored hash no longer matches)', async () => {
    const { events, heads } = await ledger();
    events[16] = withData(events[16], { participants: 4000, country: 'MX', deliveredOn: '2024-03-01' });
    const report = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(report.ok).toBe(false);
    expect(report.firstMismatch).toMatchObject({
      problem: 'content_hash_mismatch',
      position: 17,
      stream: 'training-1',
      revision: 5,
      eventId: events[16].eventId,
      expected: events[16].metadata.contentHash,
    });
    expect(report.eventsChecked).toBe(16);
  });

  it('finds a deleted event from its stream at the next event of that stream', async () => {
    const { events, heads } = await ledger();
    const [deleted] = events.splice(10, 1); // training-1@3 at position 11
    const report = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(deleted).toMatchObject({ stream: 'training-1', revision: 3 });
    expect(report.firstMismatch).toMatchObject({
      problem: 'revision_gap',
      position: 14,
      stream: 'training-1',
      revision: 4,
      expected: '3',
      actual: '4',
    });
  });

  it('names the deleted position itself when the stored Merkle log is given', async () => {
    const { events, audit, heads } = await ledger();
    events.splice(10, 1);
    const report = await verifyLedger(asAsync(events), { treeHeads: heads, merkleLog: audit.merkleLog });
    expect(report.firstMismatch).toMatchObject({
      problem: 'event_missing',
      leafIndex: 10,
      expected: 'the event at position 11',
      position: 12,
    });
  });

  it('finds the deletion of the very last events against the signed head or the stored log', async () => {
    const { events, audit, heads } = await ledger();
    const truncated = events.slice(0, 38);
    expect((await verifyLedger(asAsync(truncated), { treeHeads: heads })).firstMismatch).toMatchObject({
      problem: 'log_truncated',
      position: 38,
      expected: expect.stringContaining('40 events'),
    });
    expect((await verifyLedger(asAsync(truncated), { merkleLog: audit.merkleLog })).firstMismatch).toMatchObject({
      problem: 'log_truncated',
      position: 39,
      leafIndex: 38,
    });
  });

  it('finds two events of one stream that swapped places', async () => {
    const { events, heads } = await ledger();
    const [a, b] = [events[3], events[6]]; // training-0@1 (position 4) and training-0@2 (position 7)
    events[3] = movedTo(b, 4);
    events[6] = movedTo(a, 7);
    const report = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(report.firstMismatch).toMatchObject({ problem: 'revision_gap', position: 4, stream: 'training-0', revision: 2, expected: '1' });
  });

  it('finds two events of different streams that swapped places: the leaf names it, the signed head bounds it', async () => {
    const { events, audit, heads } = await ledger();
    const [a, b] = [events[4], events[5]]; // training-1@1 at 5, training-2@1 at 6
    events[4] = movedTo(b, 5);
    events[5] = movedTo(a, 6);
    const located = await verifyLedger(asAsync(events), { treeHeads: heads, merkleLog: audit.merkleLog });
    expect(located.firstMismatch).toMatchObject({ problem: 'leaf_mismatch', position: 5, stream: 'training-2', leafIndex: 4 });
    const bounded = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(bounded.firstMismatch).toMatchObject({
      problem: 'root_mismatch',
      position: 20,
      fromLeafIndex: 0,
      toLeafIndex: 20,
      expected: heads[1].rootHash,
    });
  });

  it('finds events read out of position order', async () => {
    const { events, heads } = await ledger();
    [events[8], events[9]] = [events[9], events[8]];
    const report = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(report.firstMismatch).toMatchObject({ problem: 'position_order', position: 9, expected: 'a position after 10' });
  });

  it('finds a broken prevHash link', async () => {
    const { events, heads } = await ledger();
    events[25] = { ...events[25], metadata: { ...events[25].metadata, prevHash: events[19].metadata.contentHash } };
    const report = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(report.firstMismatch).toMatchObject({
      problem: 'chain_broken',
      position: 26,
      stream: events[25].stream,
      revision: events[25].revision,
      actual: events[19].metadata.contentHash,
      expected: events[22].metadata.contentHash,
    });
  });

  it('finds an event rewritten with its chain re-sealed: exactly with the stored log, within the heads without it', async () => {
    const { events, audit, heads } = await ledger();
    // training-0@8 (position 25) rewritten, and training-0@9 (position 28) re-linked to it: every chain check passes.
    events[24] = resealed(events[24], { participants: 1, country: 'AR', deliveredOn: '2024-03-01' });
    events[27] = resealed(events[27], events[27].data, events[24].metadata.contentHash);
    const located = await verifyLedger(asAsync(events), { treeHeads: heads, merkleLog: audit.merkleLog });
    expect(located.firstMismatch).toMatchObject({ problem: 'leaf_mismatch', position: 25, stream: 'training-0', revision: 8 });
    const bounded = await verifyLedger(asAsync(events), { treeHeads: heads });
    expect(bounded.firstMismatch).toMatchObject({ problem: 'root_mismatch', fromLeafIndex: 20, toLeafIndex: 40 });
    expect(bounded.treeHeadsChecked).toBe(1);
  });

  it('refuses a head that the given key did not sign', async () => {
    const { events, heads } = await ledger();
    const forged: VerifyOptions = { treeHeads: [{ ...heads[0], treeSize: 39 }], publicKey: key.publicKey };
    const report = await verifyLedger(asAsync(events), forged);
    expect(report.firstMismatch).toMatchObject({ problem: 'tree_head_signature_invalid' });
    expect(report.eventsChecked).toBe(0);
  });

  it('passes an empty log, and checks a head of the empty tree', async () => {
    const audit = AuditLog.inMemory(key);
    const empty = await audit.issueTreeHead(new Date('2026-11-21T09:00:00Z'));
    expect(await verifyLedger(asAsync([]), { treeHeads: [empty], publicKey: key.publicKey })).toMatchObject({
      ok: true,
      eventsChecked: 0,
      treeHeadsChecked: 1,
    });
  });
});

describe('recomputeContentHash', () => {
  it("is the event store's contentHash for any data and metadata", () => {
    const [template] = chainedEvents(1);
    fc.assert(
      fc.property(
        fc.option(fc.jsonValue(), { nil: undefined }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string({ unit: 'binary' }),
        (data, extra, stream) => {
          const metadata = { ...extra, actor: 'service:x', recordedAt: '2026-01-01T00:00:00.000Z' };
          const event = { ...template, stream, data, metadata: { ...metadata, contentHash: 'stale', prevHash: 'stale' } };
          expect(recomputeContentHash(event)).toBe(
            contentHash({ stream, eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, data, metadata }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
