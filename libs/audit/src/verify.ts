import type { KeyObject } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { MerkleFrontier } from './merkle';
import type { MerkleLog } from './merkle-log';
import type { SignedTreeHead } from './tree-head';
import { LedgerVerification } from './ledger-verification';

export { DEFAULT_STREAM_CACHE_SIZE } from './ledger-verification';

export { recomputeContentHash } from './recompute-content-hash';

export type VerifyProblem =
  /** A signed head does not carry a valid signature of the given key. */
  | 'tree_head_signature_invalid'
  /** Positions do not strictly increase: events were reordered or duplicated. */
  | 'position_order'
  /** The stored contentHash is not the hash of what the event says: its content was changed. */
  | 'content_hash_mismatch'
  /** The stream's revisions skip or repeat: an event of the stream was deleted, duplicated or moved. */
  | 'revision_gap'
  /** prevHash is not the contentHash of the stream's previous event. */
  | 'chain_broken'
  /** The stored Merkle log has a leaf for a position the event log no longer has. */
  | 'event_missing'
  /** The stored Merkle log's leaf at this index is for a different event or different bytes. */
  | 'leaf_mismatch'
  /** The tree recomputed from the events does not have a signed head's root. */
  | 'root_mismatch'
  /** A signed head (or the stored Merkle log) covers more events than the log holds: events at the end are gone. */
  | 'log_truncated';

export interface VerifyMismatch {
  readonly problem: VerifyProblem;
  /** The event where the mismatch shows (absent when there is no such event, e.g. a bad head signature). */
  readonly position?: number;
  readonly stream?: string;
  readonly revision?: number;
  readonly eventId?: string;
  readonly leafIndex?: number;
  readonly expected: string;
  readonly actual: string;
  /** One sentence for a person. */
  readonly detail: string;
  /** For root_mismatch: the difference lies in leaves [fromLeafIndex, toLeafIndex) (between two signed heads). */
  readonly fromLeafIndex?: number;
  readonly toLeafIndex?: number;
}

export interface VerifyProgress {
  readonly eventsChecked: number;
  readonly position: number | undefined;
}

export interface VerifyOptions {
  /** Signed heads to check the recomputed tree against (any order). */
  readonly treeHeads?: readonly SignedTreeHead[];
  /** The ledger's public key: when given, every head's signature is checked first. */
  readonly publicKey?: KeyObject | string;
  /**
   * The stored Merkle log: when given, every recomputed leaf is compared with the stored one, which names the
   * exact event even when an attacker rewrote a whole stream's chain consistently.
   */
  readonly merkleLog?: MerkleLog;
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Events between progress calls (default 10,000); a last call comes at the end. */
  readonly progressEvery?: number;
  /**
   * Reads the stored event of `stream` with the greatest revision at or below `revision` (undefined when there is
   * none): `previousEventIn(store)` for a live store. With it, only the most recently used streams keep their tip
   * in memory (`streamCacheSize`); the next event of an evicted stream is checked against this stored previous
   * event's recomputed content hash, so memory stays bounded at any number of streams.
   */
  readonly previousEvent?: PreviousEventLookup;
  /**
   * Stream tips kept in memory (default 10,000 with `previousEvent`; without it every stream is kept, since an
   * evicted tip could not be looked up).
   */
  readonly streamCacheSize?: number;
  /**
   * Continue a verification that ended ok at `resume` (its report's checkpoint): the events given are the ones after
   * its last position, leaves are compared from its tree size on, and the heads given should be those above it. Needs
   * `previousEvent` (the tips of the earlier pass are not kept).
   */
  readonly resume?: VerifyCheckpoint;
  /** Called when the verification ends ok, with where it stopped (for `resume`). */
  readonly onCheckpoint?: (checkpoint: VerifyCheckpoint) => void;
  /** Compare with the stored Merkle log up to this many leaves (default: its size when the verification starts). */
  readonly storedTreeSize?: number;
}

/** Where a verification stopped: enough to go on from there with the next events (O(log n) hashes). */
export interface VerifyCheckpoint {
  readonly frontier: MerkleFrontier;
  readonly lastPosition: number | undefined;
  readonly streamsChecked: number;
  readonly treeHeadsChecked: number;
  /** Tree size of the last signed head whose root matched. */
  readonly lastHeadSize: number;
}

/**
 * A stream's previous event as the lookup found it: the stored event (its content hash is recomputed), or the
 * position, revision and content hash this same verification already read and checked (e.g. `SeenStreamTips`).
 */
export type PreviousEvent = RecordedEvent | { readonly position: number; readonly revision: number; readonly contentHash: string };
export type PreviousEventLookup = (stream: string, revision: number) => Promise<PreviousEvent | undefined>;

/** The `previousEvent` lookup of a live store: one indexed backwards read of the stream per cache miss. */
export function previousEventIn(store: Pick<EventStore, 'readStream'>): PreviousEventLookup {
  return async (stream, revision) => (await store.readStream(stream, { direction: 'backwards', fromRevision: revision, maxCount: 1 }))[0];
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  readonly lastPosition: number | undefined;
  /** Root of the tree recomputed from the events read (up to the mismatch, if any). */
  readonly rootHash: string;
  readonly treeHeadsChecked: number;
  readonly firstMismatch?: VerifyMismatch;
}

/**
 * Streams the global log once, in order, and reports the first event that does not match: its content hash, its
 * stream's revision sequence and hash chain, its position order, its leaf in the stored Merkle log, and the tree
 * roots of the signed heads. Memory: the Merkle frontier (O(log n)) plus the tips (last revision and content hash,
 * about 150 bytes) of at most `streamCacheSize` recently used streams when `previousEvent` is given, of every stream
 * otherwise.
 *
 * A stream evicted from that cache is checked, at its next event (revision r > 0), against the stored event the
 * lookup returns for revision r - 1 (stepping back past stored revisions that come later in the log, i.e. were not
 * read yet): it must be exactly revision r - 1 (else revision_gap, as with a cached tip) and its recomputed content
 * hash must be this event's prevHash (else chain_broken). An event at an earlier position was verified when it was
 * read, so this is the check a cached tip gives. What a store lookup cannot show is an evicted stream's revision
 * repeated later in the log with the same prevHash (the store holds one event per revision): the stored Merkle log
 * and the signed heads find that one. `SeenStreamTips` (the last event read of each stream) does show it.
 */
export async function verifyLedger(events: AsyncIterable<RecordedEvent>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const verification = new LedgerVerification(options);
  const before = verification.checkHeadSignatures() ?? verification.checkEmptyTreeHeads();
  if (before !== undefined) return verification.report(before);
  for await (const event of events) {
    const mismatch = await verification.check(event);
    if (mismatch !== undefined) return verification.report(mismatch);
  }
  return verification.report(verification.checkNothingMissing());
}
