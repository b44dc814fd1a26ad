import { createHash } from 'node:crypto';

/** prevHash of the first event in a stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no insignificant white space, `undefined`
 * members dropped (as JSON.stringify does). Same value, same bytes, on every machine.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface HashedContent {
  readonly stream: string;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  /** Metadata including recordedAt, excluding contentHash and prevHash. */
  readonly metadata: Record<string, unknown>;
}

/** SHA-256 over the canonical JSON of what the event says; the chain link (prevHash) is stored beside it. */
export function contentHash(content: HashedContent): string {
  const { contentHash: _c, prevHash: _p, ...metadata } = content.metadata;
  return sha256Hex(
    canonicalJson({
      stream: content.stream,
      eventId: content.eventId,
      type: content.type,
      schemaVersion: content.schemaVersion,
      data: content.data,
      metadata,
    }),
  );
}
