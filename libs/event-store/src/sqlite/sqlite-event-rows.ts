import type { EventToAppend, RecordedEvent } from '../event-store.port';

/** The events table's rows and how they read as the port's events. */

export interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  content_hash: string;
  prev_hash: string;
}

export const EVENT_COLUMNS = 'position, event_id, stream, revision, type, schema_version, data, metadata, content_hash, prev_hash';

/** Integrity fields are computed by the store; a caller cannot supply them. */
const RESERVED_METADATA = new Set(['recordedAt', 'contentHash', 'prevHash']);

/** The caller's metadata without the fields the store computes, stamped with the store's recordedAt. */
export function withRecordedAt(metadata: EventToAppend['metadata'], recordedAt: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(metadata)) if (!RESERVED_METADATA.has(key)) result[key] = metadata[key];
  result.recordedAt = recordedAt;
  return result;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const metadata = JSON.parse(row.metadata);
  metadata.contentHash = row.content_hash;
  metadata.prevHash = row.prev_hash;
  return {
    position: row.position,
    stream: row.stream,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata,
  };
}
