import type { RecordedEvent } from '@ledger/event-store';
import { fastCanonicalJson, fastSha256Hex } from '@ledger/event-store/sqlite/fast-canonical-json';

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
