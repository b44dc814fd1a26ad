import type { RecordedEvent } from '@ledger/event-store';
import type { VerifyMismatch } from './verify';

/** Where a mismatch shows: the event being checked and its leaf index. */
export type EventPlace = Pick<VerifyMismatch, 'position' | 'stream' | 'revision' | 'eventId' | 'leafIndex'>;

/** A leaf of the stored Merkle log: the event position it was made for and its hash. */
export interface LeafAt {
  readonly position: number;
  readonly hash: Buffer;
}

export function placeOf(event: RecordedEvent, leafIndex: number): EventPlace {
  return { position: event.position, stream: event.stream, revision: event.revision, eventId: event.eventId, leafIndex };
}

/**
 * The event's content no longer hashes to its recorded contentHash. `since` says since when it is known good: the
 * full verification knows it since recording, the verifier's sweep since its last pass.
 */
export function contentHashMismatch(
  event: RecordedEvent,
  recomputed: string,
  place: EventPlace,
  since = 'recording',
): VerifyMismatch | undefined {
  if (recomputed === event.metadata.contentHash) return undefined;
  return {
    ...place,
    problem: 'content_hash_mismatch',
    expected: event.metadata.contentHash,
    actual: recomputed,
    detail: `the content of ${event.stream}@${event.revision} (position ${event.position}) does not hash to its recorded contentHash: it was changed after ${since}`,
  };
}

/** The stored leaf is for an earlier position than the event read now: the event it was made for is gone. */
export function eventMissing(event: RecordedEvent, leaf: LeafAt, place: EventPlace): VerifyMismatch | undefined {
  if (!(leaf.position < event.position)) return undefined;
  return {
    ...place,
    problem: 'event_missing',
    expected: `the event at position ${leaf.position}`,
    actual: `the event at position ${event.position}`,
    detail: `the Merkle log has leaf ${place.leafIndex} for position ${leaf.position}, which the event log no longer has`,
  };
}

/** The stored leaf is not this event as read now; `since` as for `contentHashMismatch` (none: since recording). */
export function leafMismatch(
  event: RecordedEvent,
  leaf: LeafAt,
  leafHash: Buffer,
  place: EventPlace,
  since?: string,
): VerifyMismatch | undefined {
  if (leaf.position === event.position && leaf.hash.equals(leafHash)) return undefined;
  return {
    ...place,
    problem: 'leaf_mismatch',
    expected: `${leaf.hash.toString('hex')} (position ${leaf.position})`,
    actual: `${leafHash.toString('hex')} (position ${event.position})`,
    detail: `leaf ${place.leafIndex} of the stored Merkle log is not this event as read now: it was rewritten, moved or inserted${since === undefined ? '' : ` after ${since}`}`,
  };
}
