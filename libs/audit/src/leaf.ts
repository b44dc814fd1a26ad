import { canonicalJson, type RecordedEvent } from '@ledger/event-store';
import { hash } from 'node:crypto';
import type { Hash } from './merkle';

/**
 * What a Merkle leaf says about one event: its place in the log (position, stream, revision), its identity, and
 * the two integrity fields. `contentHash` already covers the event's type, data and metadata (see
 * `@ledger/event-store` content-hash.ts); the leaf adds the place, which the content hash does not cover, so moving
 * an event to another position changes the tree.
 *
 * Leaf bytes = UTF-8 of the canonical JSON (keys sorted, no white space) of
 *   {"contentHash":"<hex>","eventId":"<id>","position":<int>,"prevHash":"<hex>","revision":<int>,"stream":"<name>"}
 */
export interface EventLeaf {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly eventId: string;
  readonly contentHash: string;
  readonly prevHash: string;
}

export function eventLeaf(event: RecordedEvent): EventLeaf {
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    contentHash: event.metadata.contentHash,
    prevHash: event.metadata.prevHash,
  };
}

export function eventLeafBytes(leaf: EventLeaf): Buffer {
  return Buffer.from(eventLeafJson(leaf), 'utf8');
}

/**
 * canonicalJson of the leaf, written out with its keys already in sorted order: the same bytes (the spec checks
 * it) without sorting keys for every event.
 */
export function eventLeafJson(leaf: EventLeaf): string {
  if (!Number.isFinite(leaf.position) || !Number.isFinite(leaf.revision)) throw new TypeError('non-finite number in an event leaf');
  return (
    `{"contentHash":${JSON.stringify(leaf.contentHash)},"eventId":${JSON.stringify(leaf.eventId)},"position":${JSON.stringify(leaf.position)},` +
    `"prevHash":${JSON.stringify(leaf.prevHash)},"revision":${JSON.stringify(leaf.revision)},"stream":${JSON.stringify(leaf.stream)}}`
  );
}

/** The reference form, kept to check `eventLeafJson` against. */
export function canonicalEventLeafJson(leaf: EventLeaf): string {
  return canonicalJson({ ...leaf });
}

/** SHA-256(0x00 || leaf bytes) of an event (the NUL character is the 0x00 byte in UTF-8: one string, one hash call). */
export function eventLeafHash(event: RecordedEvent): Hash {
  return hash('sha256', `\u0000${eventLeafJson(eventLeaf(event))}`, 'buffer') as Hash;
}
