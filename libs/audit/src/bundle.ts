import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { AppendResult, EventStore, LogPosition, ReadAllOptions, RecordedEvent, SubscribeOptions } from '@ledger/event-store';
import type { SignedTreeHead } from './tree-head';

/**
 * An audit bundle: a directory anyone can verify and rebuild the figures from, without the live ledger.
 *   events.ndjson       every event of the log up to the bundle's head, one JSON object per line, in log order
 *   tree-heads.ndjson   the signed tree heads (up to that size), one per line, in issue order
 *   tree-head.json      the bundle's head (the last one), pretty-printed: one object, for the shell procedure
 *   ledger-public.pem   the ledger's public key (SubjectPublicKeyInfo PEM)
 *   manifest.json       format, counts, the head, and the SHA-256 of events.ndjson
 */
export const BUNDLE_FORMAT = 'cooperation-ledger audit bundle v1';
export const BUNDLE_FILES = {
  events: 'events.ndjson',
  treeHeads: 'tree-heads.ndjson',
  treeHead: 'tree-head.json',
  publicKey: 'ledger-public.pem',
  manifest: 'manifest.json',
} as const;

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly exportedAt: string;
  readonly events: number;
  readonly lastPosition: number | null;
  readonly treeHead: SignedTreeHead;
  readonly treeHeads: number;
  readonly keyId: string;
  readonly eventsSha256: string;
}

export interface WriteBundleInput {
  /** The log from the start, in order; exactly `treeHead.treeSize` events are written. */
  readonly events: AsyncIterable<RecordedEvent>;
  readonly treeHead: SignedTreeHead;
  readonly treeHeads: readonly SignedTreeHead[];
  readonly publicKeyPem: string;
  readonly exportedAt: Date;
  readonly onProgress?: (eventsWritten: number) => void;
}

/** Writes a bundle, streaming the events (memory does not grow with the log). */
export async function writeBundle(dir: string, input: WriteBundleInput): Promise<BundleManifest> {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, BUNDLE_FILES.events));
  const hash = createHash('sha256');
  let written = 0;
  let lastPosition: number | null = null;
  const size = input.treeHead.treeSize;
  try {
    if (size > 0) {
      for await (const event of input.events) {
        const line = `${JSON.stringify(bundleLine(event))}\n`;
        hash.update(line);
        if (!out.write(line)) await once(out, 'drain');
        written++;
        lastPosition = event.position;
        if (written % 10_000 === 0) input.onProgress?.(written);
        if (written === size) break;
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  input.onProgress?.(written);
  if (written !== size) throw new Error(`the log has ${written} events but the tree head covers ${size}`);
  const heads = input.treeHeads.filter((head) => head.treeSize <= size);
  writeFileSync(join(dir, BUNDLE_FILES.treeHeads), heads.map((head) => `${JSON.stringify(head)}\n`).join(''));
  writeFileSync(join(dir, BUNDLE_FILES.treeHead), `${JSON.stringify(input.treeHead, null, 2)}\n`);
  writeFileSync(join(dir, BUNDLE_FILES.publicKey), input.publicKeyPem);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    exportedAt: input.exportedAt.toISOString(),
    events: written,
    lastPosition,
    treeHead: input.treeHead,
    treeHeads: heads.length,
    keyId: input.treeHead.keyId,
    eventsSha256: hash.digest('hex'),
  };
  writeFileSync(join(dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The fields of a recorded event, in a fixed order. */
function bundleLine(event: RecordedEvent): RecordedEvent {
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  };
}

export interface Bundle {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly treeHeads: SignedTreeHead[];
  readonly publicKeyPem: string;
}

export function readBundle(dir: string): Bundle {
  const manifest = JSON.parse(readFileSync(join(dir, BUNDLE_FILES.manifest), 'utf8')) as BundleManifest;
  if (manifest.format !== BUNDLE_FORMAT) throw new Error(`${dir} is not an audit bundle (${BUNDLE_FORMAT})`);
  const treeHeads = readFileSync(join(dir, BUNDLE_FILES.treeHeads), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SignedTreeHead);
  return { dir, manifest, treeHeads, publicKeyPem: readFileSync(join(dir, BUNDLE_FILES.publicKey), 'utf8') };
}

/** The bundle's events, streamed line by line. */
export async function* readBundleEvents(
  dir: string,
  options: { after?: LogPosition; signal?: AbortSignal } = {},
): AsyncGenerator<RecordedEvent> {
  const input = createReadStream(join(dir, BUNDLE_FILES.events), { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (options.signal?.aborted) return;
      if (line === '') continue;
      const event = JSON.parse(line) as RecordedEvent;
      if (options.after !== undefined && event.position <= options.after) continue;
      yield event;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * The bundle as a read-only EventStore, so the figure projector and query service run on it unchanged. Reads
 * stream the file (bounded memory); a backwards read scans it, which the query service does once per answer.
 */
export class BundleEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: false };

  constructor(private readonly bundle: Bundle) {}

  async headPosition(): Promise<LogPosition | undefined> {
    return this.bundle.manifest.lastPosition ?? undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const found: RecordedEvent[] = [];
    if (options.direction === 'backwards') {
      for await (const event of readBundleEvents(this.bundle.dir)) {
        if (options.before !== undefined && event.position >= options.before) break;
        if (options.atOrBefore !== undefined && event.position > options.atOrBefore) break;
        if (options.after !== undefined && event.position <= options.after) continue;
        found.push(event);
        if (found.length > limit) found.shift();
      }
      return found.reverse();
    }
    for await (const event of readBundleEvents(this.bundle.dir, { ...(options.after !== undefined && { after: options.after }) })) {
      if (options.from !== undefined && event.position < options.from) continue;
      found.push(event);
      if (found.length >= limit) break;
    }
    return found;
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    let last = options.after;
    for await (const event of readBundleEvents(this.bundle.dir, {
      ...(options.after !== undefined && { after: options.after }),
      ...(options.signal && { signal: options.signal }),
    })) {
      last = event.position;
      yield event;
    }
    // A bundle never grows: caught up at its end, and the subscription ends there.
    options.onCaughtUp?.(last);
  }

  async readStream(stream: string): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    for await (const event of readBundleEvents(this.bundle.dir)) if (event.stream === stream) found.push(event);
    return found;
  }

  appendToStream(): Promise<AppendResult> {
    return Promise.reject(new Error('an audit bundle is read-only'));
  }

  appendMany(): Promise<AppendResult[]> {
    return Promise.reject(new Error('an audit bundle is read-only'));
  }

  async close(): Promise<void> {}
}
