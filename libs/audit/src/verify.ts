import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { fastCanonicalJson, fastSha256Hex } from '@ledger/event-store/sqlite/fast-canonical-json';
import { eventLeafHash } from './leaf';
import { EMPTY_TREE_ROOT, MerkleFrontier } from './merkle';
import type { MerkleLog } from './merkle-log';
import type { StoredLeaf } from './merkle-node-store';
import { verifyTreeHead, type SignedTreeHead } from './tree-head';

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

/**
 * Default number of stream tips kept in memory when evicted ones can be looked up: about 1.5 MB. A stream's events
 * mostly come close together in the log; a bigger cache only costs time (1M-event log: 100,000 tips verified at
 * 24k events/s, 10,000 at 33k, unbounded at 36k, on a shared 2-core machine).
 */
export const DEFAULT_STREAM_CACHE_SIZE = 10_000;

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

interface StreamTip {
  revision: number;
  contentHash: string;
}

const LEAF_READ_BATCH = 4096;

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
  const heads = [...(options.treeHeads ?? [])].sort((a, b) => a.treeSize - b.treeSize);
  const progressEvery = options.progressEvery ?? 10_000;
  const tips = new Map<string, StreamTip>();
  const previousEvent = options.previousEvent;
  const cacheSize =
    previousEvent === undefined ? Number.POSITIVE_INFINITY : Math.max(1, options.streamCacheSize ?? DEFAULT_STREAM_CACHE_SIZE);
  if (options.streamCacheSize !== undefined && previousEvent === undefined) throw new Error('streamCacheSize needs a previousEvent lookup');
  const resume = options.resume;
  if (resume !== undefined && previousEvent === undefined) throw new Error('resume needs a previousEvent lookup');
  let streams = resume?.streamsChecked ?? 0;
  const frontier = resume?.frontier.clone() ?? new MerkleFrontier();
  const storedSize =
    options.merkleLog === undefined ? undefined : Math.min(options.storedTreeSize ?? Number.POSITIVE_INFINITY, options.merkleLog.size);
  let storedLeaves: StoredLeaf[] = [];
  let storedFrom = 0;
  let nextHead = 0;
  let headsChecked = resume?.treeHeadsChecked ?? 0;
  let lastPosition: number | undefined = resume?.lastPosition;
  let lastHeadSize = resume?.lastHeadSize ?? 0;
  // Heads the earlier pass already covered are not checked again.
  while (resume !== undefined && nextHead < heads.length && heads[nextHead].treeSize <= resume.frontier.size) nextHead++;

  const report = (firstMismatch?: VerifyMismatch): VerifyReport => {
    options.onProgress?.({ eventsChecked: frontier.size, position: lastPosition });
    if (firstMismatch === undefined)
      options.onCheckpoint?.({
        frontier: frontier.clone(),
        lastPosition,
        streamsChecked: streams,
        treeHeadsChecked: headsChecked,
        lastHeadSize,
      });
    return {
      ok: firstMismatch === undefined,
      eventsChecked: frontier.size,
      streamsChecked: streams,
      lastPosition,
      rootHash: frontier.root().toString('hex'),
      treeHeadsChecked: headsChecked,
      ...(firstMismatch && { firstMismatch }),
    };
  };

  if (options.publicKey !== undefined) {
    for (const head of heads) {
      if (!verifyTreeHead(head, options.publicKey)) {
        return report({
          problem: 'tree_head_signature_invalid',
          expected: 'a valid Ed25519 signature of the ledger key',
          actual: head.signature,
          detail: `the tree head of size ${head.treeSize} at ${head.timestamp} is not validly signed by the given key`,
        });
      }
    }
  }
  // A head of the empty tree is checked before any event.
  while (resume === undefined && nextHead < heads.length && heads[nextHead].treeSize === 0) {
    const head = heads[nextHead++];
    if (head.rootHash !== EMPTY_TREE_ROOT.toString('hex')) {
      return report({
        problem: 'root_mismatch',
        expected: head.rootHash,
        actual: EMPTY_TREE_ROOT.toString('hex'),
        detail: 'the signed head of the empty tree has a wrong root',
        fromLeafIndex: 0,
        toLeafIndex: 0,
      });
    }
    headsChecked++;
  }

  for await (const event of events) {
    const at = { position: event.position, stream: event.stream, revision: event.revision, eventId: event.eventId };
    const leafIndex = frontier.size;

    if (lastPosition !== undefined && !(event.position > lastPosition)) {
      return report({
        ...at,
        leafIndex,
        problem: 'position_order',
        expected: `a position after ${lastPosition}`,
        actual: String(event.position),
        detail: `position ${event.position} comes after position ${lastPosition}: events are out of order or repeated`,
      });
    }

    const recomputed = recomputeContentHash(event);
    if (recomputed !== event.metadata.contentHash) {
      return report({
        ...at,
        leafIndex,
        problem: 'content_hash_mismatch',
        expected: event.metadata.contentHash,
        actual: recomputed,
        detail: `the content of ${event.stream}@${event.revision} (position ${event.position}) does not hash to its recorded contentHash: it was changed after recording`,
      });
    }

    let tip = tips.get(event.stream);
    if (tip === undefined && event.revision > 0 && previousEvent !== undefined) {
      // An evicted (or never seen) stream: its tip is its last stored event read before this one. A stored previous
      // revision that comes later in the log (moved) was not read yet: step back to the one before it.
      let previous = await previousEvent(event.stream, event.revision - 1);
      while (previous !== undefined && previous.position >= event.position) {
        const earlier: PreviousEvent | undefined =
          previous.revision > 0 ? await previousEvent(event.stream, previous.revision - 1) : undefined;
        previous = earlier !== undefined && earlier.revision < previous.revision ? earlier : undefined;
      }
      if (previous !== undefined)
        tip = { revision: previous.revision, contentHash: 'metadata' in previous ? recomputeContentHash(previous) : previous.contentHash };
    }
    const expectedRevision = tip === undefined ? 0 : tip.revision + 1;
    if (event.revision !== expectedRevision) {
      return report({
        ...at,
        leafIndex,
        problem: 'revision_gap',
        expected: String(expectedRevision),
        actual: String(event.revision),
        detail:
          event.revision > expectedRevision
            ? `${event.stream} jumps from revision ${expectedRevision - 1} to ${event.revision}: events between them are missing or moved`
            : `${event.stream} repeats revision ${event.revision}: an event was duplicated or moved`,
      });
    }
    const expectedPrev = tip === undefined ? GENESIS_HASH : tip.contentHash;
    if (event.metadata.prevHash !== expectedPrev) {
      return report({
        ...at,
        leafIndex,
        problem: 'chain_broken',
        expected: expectedPrev,
        actual: event.metadata.prevHash,
        detail: `prevHash of ${event.stream}@${event.revision} is not the contentHash of the stream's previous event`,
      });
    }

    const leafHash = eventLeafHash(event);
    if (storedSize !== undefined && options.merkleLog !== undefined && leafIndex < storedSize) {
      if (leafIndex >= storedFrom + storedLeaves.length) {
        storedFrom = leafIndex;
        storedLeaves = options.merkleLog.leaves(leafIndex, Math.min(LEAF_READ_BATCH, storedSize - leafIndex));
      }
      const stored = storedLeaves[leafIndex - storedFrom];
      if (stored.position < event.position) {
        return report({
          ...at,
          leafIndex,
          problem: 'event_missing',
          expected: `the event at position ${stored.position}`,
          actual: `the event at position ${event.position}`,
          detail: `the Merkle log has leaf ${leafIndex} for position ${stored.position}, which the event log no longer has`,
        });
      }
      if (stored.position !== event.position || !stored.hash.equals(leafHash)) {
        return report({
          ...at,
          leafIndex,
          problem: 'leaf_mismatch',
          expected: `${stored.hash.toString('hex')} (position ${stored.position})`,
          actual: `${leafHash.toString('hex')} (position ${event.position})`,
          detail: `leaf ${leafIndex} of the stored Merkle log is not this event as read now: it was rewritten, moved or inserted`,
        });
      }
    }

    frontier.append(leafHash);
    if (event.revision === 0) streams++;
    // Most recently used last: a hit moves the stream to the end, the first key is the least recently used.
    tips.delete(event.stream);
    tips.set(event.stream, { revision: event.revision, contentHash: event.metadata.contentHash });
    if (tips.size > cacheSize) tips.delete(tips.keys().next().value as string);
    lastPosition = event.position;

    while (nextHead < heads.length && heads[nextHead].treeSize === frontier.size) {
      const head = heads[nextHead++];
      const root = frontier.root().toString('hex');
      if (root !== head.rootHash) {
        return report({
          ...at,
          leafIndex,
          problem: 'root_mismatch',
          expected: head.rootHash,
          actual: root,
          fromLeafIndex: lastHeadSize,
          toLeafIndex: head.treeSize,
          detail: `the first ${head.treeSize} events do not have the root signed at ${head.timestamp}: an event among leaves ${lastHeadSize}..${head.treeSize - 1} (after the last matching head) was changed, added, removed or moved`,
        });
      }
      headsChecked++;
      lastHeadSize = head.treeSize;
    }
    if (frontier.size % progressEvery === 0) options.onProgress?.({ eventsChecked: frontier.size, position: lastPosition });
  }

  if (nextHead < heads.length) {
    const head = heads[heads.length - 1];
    return report({
      problem: 'log_truncated',
      position: lastPosition,
      leafIndex: frontier.size,
      expected: `${head.treeSize} events (signed at ${head.timestamp})`,
      actual: `${frontier.size} events`,
      detail: `a signed head covers ${head.treeSize} events but the log has ${frontier.size}: events after position ${lastPosition ?? 'none'} are missing`,
    });
  }
  if (storedSize !== undefined && options.merkleLog !== undefined && storedSize > frontier.size) {
    const missing = options.merkleLog.leaf(frontier.size);
    return report({
      problem: 'log_truncated',
      position: missing.position,
      leafIndex: frontier.size,
      expected: `${storedSize} events (the stored Merkle log)`,
      actual: `${frontier.size} events`,
      detail: `the Merkle log has ${storedSize} leaves but the log has ${frontier.size} events: from position ${missing.position} on, events are missing`,
    });
  }
  return report();
}

/**
 * content-hash.ts `contentHash` of a recorded event, byte for byte (verify.spec.ts holds the two together), built as one
 * string with the event store's loop-based canonical JSON: the verifier's main cost per event.
 */
export function recomputeContentHash(event: RecordedEvent): string {
  const { contentHash: _content, prevHash: _prev, ...metadata } = event.metadata;
  const data = event.data === undefined ? '' : `"data":${fastCanonicalJson(event.data)},`;
  return fastSha256Hex(
    `{${data}"eventId":${JSON.stringify(event.eventId)},"metadata":${fastCanonicalJson(metadata)},` +
      `"schemaVersion":${fastCanonicalJson(event.schemaVersion)},"stream":${JSON.stringify(event.stream)},"type":${JSON.stringify(event.type)}}`,
  );
}
