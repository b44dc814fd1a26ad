import {
  contentHashMismatch,
  eventLeafHash,
  eventMissing,
  leafMismatch,
  placeOf,
  previousEventIn,
  readGlobalLog,
  recomputeContentHash,
  verifyLedger,
  verifyTreeHead,
  type AuditLog,
  type EventLeafIndex,
  type LeafAt,
  type SignedTreeHead,
  type VerifyCheckpoint,
  type VerifyReport,
} from '@ledger/audit';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { TimedVerifyReport, VerifierPosition } from './ledger-worker.protocol';

/** Events per read of the log (as `ledger verify`: bigger pages cut per-query overhead). */
const PAGE_SIZE = 5000;
/** Event ids written to the index per transaction. */
const INDEX_BATCH = 5000;

export interface VerifyProgressReport {
  readonly eventsChecked: number;
  readonly position: number | null;
  readonly of: number;
}

/**
 * The ledger's verifier, as the worker runs it: a full pass from the first event, then continuous steps that check
 * only what the Merkle log gained since (content hashes, stream chains, leaves, and the roots of new signed heads),
 * resuming from the last pass's checkpoint. It covers the events the stored Merkle log holds: a step takes the
 * events the follower added since. While it reads, it fills the event id -> leaf index used by inclusion proofs.
 * One pass or step at a time (calls queue).
 */
export class LedgerVerifier {
  private checkpoint: VerifyCheckpoint | undefined;
  private last: VerifierPosition | undefined;
  /** Heads are consumed in issue order (sizes never decrease): the largest size checked and how many of that size. */
  private headSize = -1;
  private headsAtSize = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** The re-verification sweep: the leaf it checks next, and how many times it went round the verified log. */
  private sweepLeaf = 0;
  private sweepRounds = 0;

  constructor(
    private readonly events: EventStore,
    private readonly audit: AuditLog,
    private readonly index: EventLeafIndex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get position(): VerifierPosition | undefined {
    return this.last;
  }

  /** A full verification from the first event up to the stored tree's size now; the continuous steps resume from it. */
  full(onProgress?: (progress: VerifyProgressReport) => void): Promise<TimedVerifyReport> {
    return this.serialised(() => this.runFull(onProgress));
  }

  /** Verifies what the Merkle log gained since the last pass or step; nothing before a full pass ended ok. */
  step(): Promise<VerifierPosition | undefined> {
    return this.serialised(() => this.runStep());
  }

  /**
   * Re-checks up to `count` events already verified, from where the last sweep stopped, wrapping around at the
   * verified size: each event's content against its contentHash, and its leaf hash and position against the stored
   * Merkle leaf. An event altered after its step (which the steps never read again) is so found within one round,
   * verified size / rate. A mismatch is reported as the steps report one, and steps stop until a full pass.
   */
  sweep(count: number): Promise<VerifierPosition | undefined> {
    return this.serialised(() => this.runSweep(count));
  }

  /** Where the sweep stands: the next leaf it checks and the rounds it completed. */
  get sweepPosition(): { readonly nextLeaf: number; readonly rounds: number } {
    return { nextLeaf: this.sweepLeaf, rounds: this.sweepRounds };
  }

  private async runSweep(count: number): Promise<VerifierPosition | undefined> {
    const verified = this.checkpoint?.frontier.size ?? 0;
    if (this.last === undefined || !this.last.ok || verified === 0 || count <= 0) return this.last;
    if (this.sweepLeaf >= verified) {
      this.sweepLeaf = 0;
      this.sweepRounds++;
    }
    const start = this.sweepLeaf;
    const size = Math.min(Math.floor(count), verified - start);
    const stored = this.audit.merkleLog.leaves(start, size);
    const after = start === 0 ? undefined : this.audit.merkleLog.leaf(start - 1).position;
    let offset = 0;
    let mismatch: VerifyReport['firstMismatch'];
    for await (const event of first(
      readGlobalLog(this.events, { ...(after !== undefined && { after }), pageSize: Math.min(PAGE_SIZE, size) }),
      size,
    )) {
      mismatch = sweptMismatch(event, stored[offset], start + offset);
      if (mismatch !== undefined) break;
      offset++;
    }
    if (mismatch === undefined && offset < size) {
      const leaf = stored[offset];
      mismatch = {
        leafIndex: start + offset,
        problem: 'event_missing',
        expected: `the event at position ${leaf.position}`,
        actual: 'the end of the log',
        detail: `the Merkle log has leaf ${start + offset} for position ${leaf.position}, which the event log no longer has`,
      };
    }
    if (mismatch !== undefined) {
      this.checkpoint = undefined;
      this.last = { ...this.last, ok: false, checkedAt: this.now().toISOString(), firstMismatch: mismatch };
      return this.last;
    }
    this.sweepLeaf = start + size;
    return this.last;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runFull(onProgress?: (progress: VerifyProgressReport) => void): Promise<TimedVerifyReport> {
    const started = process.hrtime.bigint();
    const treeSize = this.audit.merkleLog.size;
    if (this.index.indexed > treeSize) this.index.clear();
    const heads = (await this.audit.treeHeads.list()).filter((head) => head.treeSize <= treeSize);
    let checkpoint: VerifyCheckpoint | undefined;
    const report = await verifyLedger(this.indexed(first(readGlobalLog(this.events, { pageSize: PAGE_SIZE }), treeSize), 0), {
      treeHeads: heads,
      publicKey: this.audit.key.publicKey,
      merkleLog: this.audit.merkleLog,
      storedTreeSize: treeSize,
      previousEvent: previousEventIn(this.events),
      onProgress: ({ eventsChecked, position }) => onProgress?.({ eventsChecked, position: position ?? null, of: treeSize }),
      onCheckpoint: (at) => (checkpoint = at),
    });
    this.checkpoint = checkpoint;
    this.consumedHeads(heads);
    this.last = this.positionOf(report);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...report, seconds, eventsPerSecond: Math.round(report.eventsChecked / Math.max(seconds, 1e-9)) };
  }

  private async runStep(): Promise<VerifierPosition | undefined> {
    const from = this.checkpoint;
    if (from === undefined || this.last === undefined || !this.last.ok) return this.last;
    const treeSize = this.audit.merkleLog.size;
    const fresh = (await this.newHeads()).filter((head) => head.treeSize <= treeSize);
    const done = from.frontier.size;
    let report: VerifyReport | undefined;
    let checkpoint = from;
    if (treeSize > done) {
      report = await verifyLedger(
        this.indexed(
          first(
            readGlobalLog(this.events, { ...(from.lastPosition !== undefined && { after: from.lastPosition }), pageSize: PAGE_SIZE }),
            treeSize - done,
          ),
          done,
        ),
        {
          resume: from,
          treeHeads: fresh.filter((head) => head.treeSize > done),
          publicKey: this.audit.key.publicKey,
          merkleLog: this.audit.merkleLog,
          storedTreeSize: treeSize,
          previousEvent: previousEventIn(this.events),
          onCheckpoint: (at) => (checkpoint = at),
        },
      );
    }
    if (report !== undefined && !report.ok) {
      this.checkpoint = undefined;
      this.last = this.positionOf(report);
      return this.last;
    }
    // Heads signed at a size this verifier had already passed (issued while it read): their roots are the stored
    // tree's at that size, whose leaves it compared with the events.
    let lateChecked = 0;
    for (const head of fresh.filter((h) => h.treeSize <= done)) {
      const mismatch = this.lateHeadMismatch(head);
      if (mismatch !== undefined) {
        this.checkpoint = undefined;
        this.last = { ...this.last, ok: false, checkedAt: this.now().toISOString(), firstMismatch: mismatch };
        return this.last;
      }
      lateChecked++;
    }
    this.checkpoint = { ...checkpoint, treeHeadsChecked: checkpoint.treeHeadsChecked + lateChecked };
    this.consumedHeads(fresh);
    this.last =
      report !== undefined
        ? this.positionOf({ ...report, treeHeadsChecked: this.checkpoint.treeHeadsChecked })
        : { ...this.last, treeHeadsChecked: this.checkpoint.treeHeadsChecked, checkedAt: this.now().toISOString() };
    return this.last;
  }

  private lateHeadMismatch(head: SignedTreeHead): VerifyReport['firstMismatch'] {
    if (!verifyTreeHead(head, this.audit.key.publicKey)) {
      return {
        problem: 'tree_head_signature_invalid',
        expected: 'a valid Ed25519 signature of the ledger key',
        actual: head.signature,
        detail: `the tree head of size ${head.treeSize} at ${head.timestamp} is not validly signed by the ledger key`,
      };
    }
    const root = this.audit.merkleLog.root(head.treeSize).toString('hex');
    if (root === head.rootHash) return undefined;
    return {
      problem: 'root_mismatch',
      expected: head.rootHash,
      actual: root,
      detail: `the first ${head.treeSize} events do not have the root signed at ${head.timestamp}`,
    };
  }

  /** Heads not yet checked, in issue order. */
  private async newHeads(): Promise<SignedTreeHead[]> {
    const listed = await this.audit.treeHeads.list(this.headSize >= 0 ? { afterSize: this.headSize - 1 } : {});
    let skip = this.headsAtSize;
    return listed.filter((head) => !(head.treeSize === this.headSize && skip-- > 0));
  }

  private consumedHeads(heads: readonly SignedTreeHead[]): void {
    for (const head of heads) {
      if (head.treeSize === this.headSize) this.headsAtSize++;
      else {
        this.headSize = head.treeSize;
        this.headsAtSize = 1;
      }
    }
  }

  private positionOf(report: VerifyReport): VerifierPosition {
    return {
      ok: report.ok,
      treeSize: report.eventsChecked,
      position: report.lastPosition ?? null,
      streamsChecked: report.streamsChecked,
      treeHeadsChecked: report.treeHeadsChecked,
      rootHash: report.rootHash,
      checkedAt: this.now().toISOString(),
      ...(report.firstMismatch && { firstMismatch: report.firstMismatch }),
    };
  }

  /** Passes the events through, recording each one's leaf index (from `firstLeafIndex`) in the event id index. */
  private async *indexed(events: AsyncIterable<RecordedEvent>, firstLeafIndex: number): AsyncGenerator<RecordedEvent> {
    let batch: { eventId: string; position: number }[] = [];
    let batchStart = firstLeafIndex;
    try {
      for await (const event of events) {
        batch.push({ eventId: event.eventId, position: event.position });
        if (batch.length >= INDEX_BATCH) {
          this.index.add(batchStart, batch);
          batchStart += batch.length;
          batch = [];
        }
        yield event;
      }
    } finally {
      if (batch.length > 0 && batchStart <= this.index.indexed) this.index.add(batchStart, batch);
    }
  }
}

/** What is wrong with an event re-read by the sweep, compared with its stored leaf; undefined when nothing. */
function sweptMismatch(event: RecordedEvent, leaf: LeafAt, leafIndex: number): VerifyReport['firstMismatch'] {
  const place = placeOf(event, leafIndex);
  return (
    eventMissing(event, leaf, place) ??
    contentHashMismatch(event, recomputeContentHash(event), place, 'it was verified') ??
    leafMismatch(event, leaf, eventLeafHash(event), place, 'it was verified')
  );
}

/** At most the first `count` items. */
async function* first<T>(items: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let taken = 0;
  for await (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}
