import { jsonEvent, type EventData, type JSONEventData, type Position, type ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata, EventToAppend, IntegrityFields, LogPosition, RecordedEvent } from '../event-store.port';
import { canonicalJson } from '../content-hash';
import { canonicalContent, fastCanonicalJson, fastSha256Hex } from '../sqlite/fast-canonical-json';

/**
 * How a ledger event sits in EventStoreDB: `type` is the event type, the data is the event's JSON data, and the
 * custom metadata JSON holds the caller's metadata, the integrity fields (recordedAt, contentHash, prevHash) and
 * the schema version under `$schemaVersion` (EventStoreDB's convention for store-level keys).
 */
const SCHEMA_VERSION_KEY = '$schemaVersion';
/** Integrity fields are computed by the adapter; a caller cannot supply them. */
const RESERVED_METADATA = new Set(['recordedAt', 'contentHash', 'prevHash', SCHEMA_VERSION_KEY]);
/** A plain Uint8Array (not a Buffer): the client sends custom metadata as bytes only when its constructor is Uint8Array. */
const UTF8 = new TextEncoder();
/** What an older server reports as the position of an event read from a stream: none. */
const NO_POSITION = 18_446_744_073_709_551_615n;

export interface PreparedEvent {
  readonly wire: EventData;
  readonly eventId: string;
  readonly contentHash: string;
}

/**
 * Builds the wire event and its hash; `prevHash` links it to the stream's previous event. The caller's metadata is
 * serialised once, canonically: the same text is hashed and (with the integrity fields) sent as the custom
 * metadata bytes, so the client does not serialise it again.
 */
export function prepareEvent(stream: string, event: EventToAppend, recordedAt: string, prevHash: string): PreparedEvent {
  const metadata: Record<string, unknown> = {};
  for (const key of Object.keys(event.metadata)) if (!RESERVED_METADATA.has(key)) metadata[key] = event.metadata[key];
  metadata.recordedAt = recordedAt;
  const data = event.data === undefined ? null : event.data;
  const canonicalMetadata = fastCanonicalJson(metadata);
  const hash = fastSha256Hex(
    canonicalContent(stream, event.eventId, event.type, event.schemaVersion, fastCanonicalJson(data), canonicalMetadata),
  );
  // canonicalMetadata always holds recordedAt, so it is never `{}`: the integrity fields follow a comma.
  const stored = `${canonicalMetadata.slice(0, -1)},"contentHash":"${hash}","prevHash":"${prevHash}","${SCHEMA_VERSION_KEY}":${fastCanonicalJson(event.schemaVersion)}}`;
  return {
    eventId: event.eventId,
    contentHash: hash,
    wire: { ...jsonEvent({ id: event.eventId, type: event.type, data: data as JSONEventData['data'] }), metadata: UTF8.encode(stored) },
  };
}

/** Server events (`$`-typed: stats, users, scavenges, links, stream metadata) and `$`-streams are not ledger events. */
export function isSystemEvent(resolved: ResolvedEvent): boolean {
  const event = resolved.event;
  return event === undefined || event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Whether a stored event says what `proposed` says: same type, schema version, data and caller metadata. The
 * integrity fields (recordedAt, contentHash, prevHash) are the writer's and may differ between two attempts.
 */
export function sameContent(stored: RecordedEvent, proposed: EventToAppend): boolean {
  const callerMetadata = (metadata: Record<string, unknown>) => {
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(metadata)) if (!RESERVED_METADATA.has(key)) kept[key] = metadata[key];
    return canonicalJson(kept);
  };
  return (
    stored.type === proposed.type &&
    stored.schemaVersion === proposed.schemaVersion &&
    canonicalJson(stored.data ?? null) === canonicalJson(proposed.data === undefined ? null : proposed.data) &&
    callerMetadata(stored.metadata as unknown as Record<string, unknown>) === callerMetadata(proposed.metadata as Record<string, unknown>)
  );
}

export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent {
  const event = resolved.event!;
  const stored = (isPlainObject(event.metadata) ? event.metadata : {}) as Record<string, unknown>;
  const { [SCHEMA_VERSION_KEY]: schemaVersion, ...metadata } = stored;
  return {
    position: positionOf(event.position, event.streamId),
    stream: event.streamId,
    revision: Number(event.revision),
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: event.data,
    metadata: metadata as unknown as EventMetadata & IntegrityFields,
  };
}

/** The ledger's log position is the commit position (for gRPC appends it equals the prepare position). */
export function positionOf(position: Position | undefined, stream: string): LogPosition {
  if (position === undefined || position.commit === NO_POSITION) {
    throw new Error(
      `EventStoreDB did not report the log position of an event of ${stream}; the ledger needs a server that reports ` +
        'positions on stream reads (EventStoreDB 22.10 or later)',
    );
  }
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`log position ${position.commit} is beyond 2^53`);
  return Number(position.commit);
}

export function toPosition(position: LogPosition): Position {
  const value = BigInt(position);
  return { commit: value, prepare: value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
