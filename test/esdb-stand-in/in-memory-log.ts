/**
 * The stand-in's storage: one in-memory transaction log laid out the way EventStoreDB 24.10 lays out a log for
 * gRPC appends, with the server's commit checks. Test code only. Each behaviour names the server file it follows
 * (EventStore/EventStore, tag v24.10.0, under src/EventStore.Core).
 */

export interface LogRecord {
  readonly stream: string;
  readonly revision: number;
  /** Lowercase, as the server prints a Guid (Uuid.ToString, "D" format). */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** 100 ns ticks since the Unix epoch, as the server reports `created` (EpochExtensions.ToTicksSinceEpoch). */
  readonly createdTicks: bigint;
  readonly customMetadata: Uint8Array;
  readonly data: Uint8Array;
  /** Byte offset of the record: its commit and its prepare position. */
  readonly position: number;
  /** Offset just after the record (where the next one starts). */
  readonly postPosition: number;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly customMetadata: Uint8Array;
  readonly data: Uint8Array;
}

/** Expected stream state as the protocol states it. */
export type ExpectedState = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: number };

export type AppendOutcome =
  | { kind: 'success'; currentRevision: number; position: number; idempotent: boolean }
  | { kind: 'wrong_expected_version'; currentRevision: number | undefined }
  | { kind: 'stream_deleted' };

export interface InMemoryLogOptions {
  readonly clock?: () => number;
  /**
   * Bytes of the committed-event id cache used to dedupe `any`/`stream_exists` writes. The server's is 8 MiB
   * (ESConsts.CommitedEventsMemCacheLimit) sized per entry as 16 + 4 + pointer + stream name
   * (Services/Storage/ReaderIndex/IndexWriter.cs); tests make it small to show the bound.
   */
  readonly idCacheBytes?: number;
}

/** A stream's state besides its records: soft delete ($tb), $maxCount, tombstone (Data/StreamMetadata.cs). */
interface StreamState {
  readonly indexes: number[];
  /** Revisions below this are hidden (`$tb`); Number.MAX_SAFE_INTEGER (EventNumber.DeletedStream) when soft-deleted. */
  truncateBefore: number;
  maxCount?: number;
  tombstoned: boolean;
}

/** Ticks between 0001-01-01 and 1970-01-01 are not counted: `created` is since the Unix epoch. */
const TICKS_PER_MS = 10_000n;
/** Fixed overhead of a prepare record besides its strings and payloads (close to LogV2's PrepareLogRecord). */
const RECORD_OVERHEAD = 88;
/** LogV2 epoch (SystemLogRecord) size; written at 0 by a fresh node (Services/Storage/EpochManager/EpochManager.cs). */
const EPOCH_RECORD_SIZE = 104;
/** The revision a tombstone is written at (EventNumber.DeletedStream, Data/EventNumber.cs). */
const DELETED_STREAM_REVISION = Number.MAX_SAFE_INTEGER;
/** EventNumber.DeletedStream as the server writes it into `$tb` on a soft delete (long.MaxValue). */
const DELETED_STREAM_TB_TEXT = '9223372036854775807';
const DEFAULT_ID_CACHE_BYTES = 8 * 1024 * 1024;

export class InMemoryLog {
  private readonly records: LogRecord[] = [];
  /** Every record start, system records included: the positions a read may start from. */
  private readonly recordStarts = new Set<number>();
  private readonly streams = new Map<string, StreamState>();
  private nextPosition = 0;
  private readonly listeners = new Set<() => void>();
  private readonly clock: () => number;
  /** Committed event ids, oldest first, bounded by bytes like the server's BoundedCache. */
  private readonly committedIds = new Map<string, { stream: string; revision: number }>();
  private committedIdBytes = 0;
  private readonly idCacheBytes: number;

  constructor(options: InMemoryLogOptions | (() => number) = {}) {
    const resolved = typeof options === 'function' ? { clock: options } : options;
    this.clock = resolved.clock ?? Date.now;
    this.idCacheBytes = resolved.idCacheBytes ?? DEFAULT_ID_CACHE_BYTES;
  }

  get length(): number {
    return this.records.length;
  }

  /** Where the next record will be written (the writer checkpoint). */
  get end(): number {
    return this.nextPosition;
  }

  at(index: number): LogRecord {
    return this.records[index];
  }

  /**
   * A fresh node's first records (Services/Storage/EpochManager/EpochManager.cs writes the epoch record at 0 and
   * then a `$epoch-information` event; the default users and their stream ACLs follow (Services/UserManagement)).
   */
  writeNodeStart(): void {
    this.writeSystemRecord(EPOCH_RECORD_SIZE);
    this.appendSystemEvent('$epoch-information', '$epoch-information', { epochNumber: 0 });
    this.appendSystemEvent('$$$users', '$metadata', { $acl: { $r: '$admins' } });
    this.appendSystemEvent('$user-admin', '$user', { LoginName: 'admin' });
    this.appendSystemEvent('$users', '$User', { LoginName: 'admin' });
    this.appendSystemEvent('$user-ops', '$user', { LoginName: 'ops' });
    this.appendSystemEvent('$users', '$User', { LoginName: 'ops' });
  }

  /** A new leader election: the node writes a new epoch (EpochManager.cs), a system record then `$epoch-information`. */
  writeEpoch(epochNumber: number): void {
    this.writeSystemRecord(EPOCH_RECORD_SIZE);
    this.appendSystemEvent('$epoch-information', '$epoch-information', { epochNumber });
  }

  /**
   * True when a read may start at `position`: a record starts there, or it is the end of the log. Anywhere else
   * the chunk reader reads garbage and throws InvalidReadException (TransactionLog/Chunks/TFChunkReader.cs), which
   * Services/Storage/StorageReaderWorker.cs answers as ReadAllResult.InvalidPosition.
   */
  isReadablePosition(position: number): boolean {
    return position >= 0 && (position >= this.nextPosition || this.recordStarts.has(position));
  }

  /** Records a stream read sees: without tombstone, below $tb, or beyond $maxCount (ReaderIndex/IndexReader.cs). */
  streamRecords(stream: string): readonly LogRecord[] | undefined {
    const state = this.streams.get(stream);
    if (!state || state.indexes.length === 0) return undefined;
    let records = state.indexes
      .map((i) => this.records[i])
      .filter((r) => r.revision >= state.truncateBefore && r.revision !== DELETED_STREAM_REVISION);
    if (state.maxCount !== undefined && records.length > state.maxCount) records = records.slice(records.length - state.maxCount);
    // ReaderIndex/IndexReader.cs: NoStream when soft-deleted; a stream truncated to nothing reads as empty.
    return this.isSoftDeleted(stream) ? undefined : records;
  }

  isTombstoned(stream: string): boolean {
    return this.streams.get(stream)?.tombstoned ?? false;
  }

  /** The last revision written to the stream, soft-deleted ones included (what the commit check compares). */
  lastRevision(stream: string): number | undefined {
    const state = this.streams.get(stream);
    if (!state || state.indexes.length === 0) return undefined;
    return this.records[state.indexes[state.indexes.length - 1]].revision;
  }

  /** Index of the first record at or after `position` (forwards reads are inclusive: AllReader.cs `>= pos`). */
  firstIndexAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first record strictly after `position` (subscriptions skip `<= checkpoint`: Enumerator.AllSubscription.cs). */
  firstIndexAfter(position: number): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].position <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last record that ends at or before `position` (backwards reads take post-positions: AllReader.cs), -1 when none. */
  lastIndexEndingAtOrBefore(position: number): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].postPosition <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * The server's commit check (Services/Storage/ReaderIndex/IndexWriter.cs, CheckCommit):
   * - an exact expected revision (or no_stream, i.e. -1) behind the stream is idempotent when the event ids are
   *   exactly the stream's events right after it; a first id that differs is WrongExpectedVersion, a later one is
   *   CorruptedIdempotency, which Services/Storage/StorageWriterService.cs also answers as WrongExpectedVersion;
   *   no events behind the stream is WrongExpectedVersion;
   * - `any`/`stream_exists` dedupe only against the bounded committed-id cache, and only when an id is cached for
   *   this same stream: ids are not unique across streams, and an evicted id is written again; `stream_exists`
   *   passes for a stream with metadata but no event;
   * - a tombstoned stream answers StreamDeleted; a soft-deleted one answers StreamDeleted to stream_exists, and
   *   accepts no_stream only when the first id is not a repeat (then its revisions continue);
   * - an accepted append of no events still writes a record (StorageWriterService.cs, WritePrepares: an empty
   *   prepare, no event): the answer names its position and the stream's current revision.
   */
  append(stream: string, expected: ExpectedState, events: readonly ProposedEvent[]): AppendOutcome {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return { kind: 'stream_deleted' };
    const current = this.lastRevision(stream);
    const softDeleted = this.isSoftDeleted(stream);
    const ids = events.map((e) => e.id.toLowerCase());

    if (expected.kind === 'stream_exists' && softDeleted) return { kind: 'stream_deleted' };
    if (expected.kind === 'stream_exists' && current === undefined && this.lastRevision(`$$${stream}`) === undefined) {
      return { kind: 'wrong_expected_version', currentRevision: undefined };
    }

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      let first = true;
      let end = -1;
      for (const id of ids) {
        const info = this.committedIds.get(id);
        if (!info || info.stream !== stream) {
          if (first) return this.write(stream, current, ids, events);
          return { kind: 'wrong_expected_version', currentRevision: current };
        }
        end = info.revision;
        first = false;
      }
      if (first) return this.write(stream, current, ids, events);
      return this.idempotent(stream, end);
    }

    const expectedVersion = expected.kind === 'no_stream' ? -1 : expected.revision;
    const actual = current ?? -1;
    if (expectedVersion < actual) {
      const all = state!.indexes.map((i) => this.records[i]);
      let revision = expectedVersion;
      for (const id of ids) {
        revision += 1;
        const stored = all.find((r) => r.revision === revision);
        if (stored && stored.id === id) continue;
        if (revision !== expectedVersion + 1) return { kind: 'wrong_expected_version', currentRevision: current };
        if (expected.kind === 'no_stream' && softDeleted) return this.write(stream, current, ids, events);
        return { kind: 'wrong_expected_version', currentRevision: current };
      }
      if (revision === expectedVersion) return { kind: 'wrong_expected_version', currentRevision: current };
      return this.idempotent(stream, revision);
    }
    if (expectedVersion > actual) return { kind: 'wrong_expected_version', currentRevision: current };
    return this.write(stream, current, ids, events);
  }

  /**
   * Soft delete: `$metadata` with `$tb` = EventNumber.DeletedStream written to `$$stream`, replacing its metadata
   * (Services/Storage/StorageWriterService.cs, WriteDelete); a stream with no event and no metadata is
   * WrongExpectedVersion there. The next accepted write undeletes it (SoftUndeleteStream: `$tb` = its first revision).
   */
  softDelete(stream: string, expected: ExpectedState): AppendOutcome {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return { kind: 'stream_deleted' };
    const current = this.lastRevision(stream);
    if (!matches(expected, current)) return { kind: 'wrong_expected_version', currentRevision: current };
    if (current === undefined && this.lastRevision(`$$${stream}`) === undefined)
      return { kind: 'wrong_expected_version', currentRevision: undefined };
    const record = this.writeMetadata(stream, `{"$tb":${DELETED_STREAM_TB_TEXT}}`);
    return { kind: 'success', currentRevision: current ?? -1, position: record.position, idempotent: false };
  }

  /** `$tb` is EventNumber.DeletedStream: reads answer NoStream (ReaderIndex/IndexWriter.cs, IsSoftDeleted). */
  isSoftDeleted(stream: string): boolean {
    return (this.streams.get(stream)?.truncateBefore ?? 0) >= DELETED_STREAM_REVISION;
  }

  /** Hard delete: a `$streamDeleted` record at EventNumber.DeletedStream; the stream is gone for good (Streams.Delete.cs). */
  tombstone(stream: string, expected: ExpectedState): AppendOutcome {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return { kind: 'stream_deleted' };
    const current = this.lastRevision(stream);
    if (!matches(expected, current)) return { kind: 'wrong_expected_version', currentRevision: current };
    const record = this.writeRecord(stream, DELETED_STREAM_REVISION, {
      id: systemEventId(this.records.length),
      type: '$streamDeleted',
      contentType: 'application/octet-stream',
      customMetadata: new Uint8Array(),
      data: new Uint8Array(),
    });
    this.streams.get(stream)!.tombstoned = true;
    this.notify();
    return { kind: 'success', currentRevision: current ?? -1, position: record.position, idempotent: false };
  }

  /** Stream metadata `$maxCount`: reads see only the newest N (Data/StreamMetadata.cs); writes `$metadata` to `$$stream`. */
  setMaxCount(stream: string, maxCount: number): void {
    const body = Buffer.from(JSON.stringify({ $maxCount: maxCount }));
    this.appendSystemEvent(`$$${stream}`, '$metadata', { $maxCount: maxCount });
    this.applyMetadata(stream, body);
  }

  /** Writes a record the way the server writes its own (`$`-prefixed) events. */
  appendSystemEvent(stream: string, type: string, body: unknown = {}): LogRecord {
    const revision = (this.lastRevision(stream) ?? -1) + 1;
    const record = this.writeRecord(stream, revision, {
      id: systemEventId(this.records.length),
      type,
      contentType: 'application/json',
      customMetadata: new Uint8Array(),
      data: Buffer.from(JSON.stringify(body)),
    });
    this.notify();
    return record;
  }

  /** Called after every write; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The original result (IndexWriter.cs reads the last repeated event through the index reader): its position is
   * not named when a read would not see it ($tb, $maxCount, soft delete): the answer then says NoPosition.
   */
  private idempotent(stream: string, revision: number): AppendOutcome {
    const visible = this.streamRecords(stream)?.find((r) => r.revision === revision);
    return { kind: 'success', currentRevision: revision, position: visible ? visible.position : -1, idempotent: true };
  }

  private write(stream: string, current: number | undefined, ids: readonly string[], events: readonly ProposedEvent[]): AppendOutcome {
    const undelete = this.isSoftDeleted(stream);
    if (events.length === 0) {
      // StorageWriterService.cs, WritePrepares: an empty prepare at the writer's position, no event.
      const position = this.nextPosition;
      this.writeSystemRecord(RECORD_OVERHEAD + Buffer.byteLength(stream));
      if (undelete) this.undelete(stream, (current ?? -1) + 1);
      return { kind: 'success', currentRevision: current ?? -1, position, idempotent: false };
    }
    let revision = current ?? -1;
    events.forEach((event, i) => {
      this.writeRecord(stream, ++revision, { ...event, id: ids[i] });
      if (stream.startsWith('$$') && event.type === '$metadata') this.applyMetadata(stream.slice(2), event.data);
    });
    const last = this.records[this.records.length - 1];
    if (undelete) this.undelete(stream, (current ?? -1) + 1);
    this.notify();
    return { kind: 'success', currentRevision: revision, position: last.position, idempotent: false };
  }

  /** StorageWriterService.cs, SoftUndeleteStream: the stream's metadata again, with `$tb` at the first new revision. */
  private undelete(stream: string, recreateFrom: number): void {
    const state = this.streams.get(stream)!;
    this.writeMetadata(stream, JSON.stringify({ ...(state.maxCount !== undefined && { $maxCount: state.maxCount }), $tb: recreateFrom }));
  }

  /** A `$metadata` event in `$$stream` with the given JSON text, applied to the stream. */
  private writeMetadata(stream: string, json: string): LogRecord {
    const data = Buffer.from(json);
    const record = this.writeRecord(`$$${stream}`, (this.lastRevision(`$$${stream}`) ?? -1) + 1, {
      id: systemEventId(this.records.length),
      type: '$metadata',
      contentType: 'application/json',
      customMetadata: new Uint8Array(),
      data,
    });
    this.applyMetadata(stream, data);
    this.notify();
    return record;
  }

  /** A `$metadata` event written to `$$stream` sets its $maxCount and $tb (Data/StreamMetadata.cs). */
  private applyMetadata(stream: string, data: Uint8Array): void {
    let parsed: { $maxCount?: unknown; $tb?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(data).toString('utf8')) as typeof parsed;
    } catch {
      return;
    }
    const state = this.streams.get(stream) ?? this.newState(stream);
    state.maxCount = typeof parsed.$maxCount === 'number' ? parsed.$maxCount : undefined;
    // Number.MAX_SAFE_INTEGER stands for EventNumber.DeletedStream (long.MaxValue, not exact as a JS number).
    state.truncateBefore = typeof parsed.$tb === 'number' ? Math.min(parsed.$tb, DELETED_STREAM_REVISION) : 0;
  }

  private newState(stream: string): StreamState {
    const state: StreamState = { indexes: [], truncateBefore: 0, tombstoned: false };
    this.streams.set(stream, state);
    return state;
  }

  /** A record that is not an event (epoch, chunk header): it takes bytes, and a read may start at it. */
  private writeSystemRecord(size: number): void {
    this.recordStarts.add(this.nextPosition);
    this.nextPosition += size;
  }

  private writeRecord(stream: string, revision: number, event: ProposedEvent): LogRecord {
    const size =
      RECORD_OVERHEAD + Buffer.byteLength(stream) + Buffer.byteLength(event.type) + event.data.length + event.customMetadata.length;
    const record: LogRecord = {
      stream,
      revision,
      id: event.id.toLowerCase(),
      type: event.type,
      contentType: event.contentType,
      createdTicks: BigInt(this.clock()) * TICKS_PER_MS,
      customMetadata: event.customMetadata,
      data: event.data,
      position: this.nextPosition,
      postPosition: this.nextPosition + size,
    };
    this.recordStarts.add(record.position);
    this.nextPosition += size;
    this.records.push(record);
    (this.streams.get(stream) ?? this.newState(stream)).indexes.push(this.records.length - 1);
    this.rememberId(record);
    return record;
  }

  private rememberId(record: LogRecord): void {
    const cost = (r: { stream: string }) => 16 + 4 + 8 + Buffer.byteLength(r.stream);
    const old = this.committedIds.get(record.id);
    if (old) this.committedIdBytes -= cost(old);
    this.committedIds.delete(record.id);
    this.committedIds.set(record.id, { stream: record.stream, revision: record.revision });
    this.committedIdBytes += cost(record);
    while (this.committedIdBytes > this.idCacheBytes && this.committedIds.size > 0) {
      const [oldestId, oldest] = this.committedIds.entries().next().value!;
      this.committedIds.delete(oldestId);
      this.committedIdBytes -= cost(oldest);
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function matches(expected: ExpectedState, current: number | undefined): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    case 'revision':
      return current === expected.revision;
  }
}

function systemEventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
