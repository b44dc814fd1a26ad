/**
 * The stand-in's storage: one in-memory transaction log, laid out the way EventStoreDB lays out a log for
 * gRPC appends (each event is a self-committed record whose commit and prepare positions are its own byte offset,
 * so positions grow by the record's size, never by one). Test code only.
 */

export interface LogRecord {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** .NET ticks (100 ns since 0001-01-01), as EventStoreDB reports `created`. */
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
  | { kind: 'wrong_expected_version'; currentRevision: number | undefined };

const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** Fixed overhead of a prepare record besides its strings and payloads (close to LogV2's). */
const RECORD_OVERHEAD = 88;

export class InMemoryLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, number[]>();
  /** The first records of a fresh server sit after the log's header, not at 0. */
  private nextPosition = 1_024;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: () => number = Date.now) {}

  get length(): number {
    return this.records.length;
  }

  at(index: number): LogRecord {
    return this.records[index];
  }

  streamRecords(stream: string): readonly LogRecord[] | undefined {
    const indexes = this.streams.get(stream);
    return indexes?.map((i) => this.records[i]);
  }

  lastRevision(stream: string): number | undefined {
    const indexes = this.streams.get(stream);
    return indexes ? indexes.length - 1 : undefined;
  }

  /** Index of the first record at or after `position` (forwards reads are inclusive, as the server's are). */
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

  /** Index of the last record that ends at or before `position` (backwards reads), -1 when none. */
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
   * The server's commit check: the expected state is checked, and a write whose event ids are exactly the events
   * after the expected revision is idempotent (answered with the original places, nothing written).
   */
  append(stream: string, expected: ExpectedState, events: readonly ProposedEvent[]): AppendOutcome {
    const current = this.lastRevision(stream);
    const existing = this.streamRecords(stream) ?? [];
    const idempotentFrom = (first: number): AppendOutcome | undefined => {
      if (events.length === 0 || first < 0 || first + events.length > existing.length) return undefined;
      const same = events.every((e, i) => existing[first + i].id === e.id);
      if (!same) return undefined;
      const last = existing[first + events.length - 1];
      return { kind: 'success', currentRevision: last.revision, position: last.position, idempotent: true };
    };
    switch (expected.kind) {
      case 'no_stream':
        if (current !== undefined) return idempotentFrom(0) ?? { kind: 'wrong_expected_version', currentRevision: current };
        break;
      case 'stream_exists':
        if (current === undefined) return { kind: 'wrong_expected_version', currentRevision: undefined };
        break;
      case 'revision':
        if (current !== expected.revision) {
          return idempotentFrom(expected.revision + 1) ?? { kind: 'wrong_expected_version', currentRevision: current };
        }
        break;
      case 'any': {
        const firstId = events[0]?.id;
        const at = firstId === undefined ? -1 : existing.findIndex((r) => r.id === firstId);
        const replay = idempotentFrom(at);
        if (replay) return replay;
        break;
      }
    }
    if (events.length === 0) {
      return { kind: 'success', currentRevision: current ?? -1, position: -1, idempotent: false };
    }
    let revision = current ?? -1;
    let last: LogRecord | undefined;
    for (const event of events) this.write(stream, ++revision, event);
    last = this.records[this.records.length - 1];
    this.notify();
    return { kind: 'success', currentRevision: revision, position: last.position, idempotent: false };
  }

  /** Writes a record the way the server writes its own (`$`-prefixed) events. */
  appendSystemEvent(stream: string, type: string, body: unknown = {}): LogRecord {
    const revision = (this.lastRevision(stream) ?? -1) + 1;
    const record = this.write(stream, revision, {
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

  private write(stream: string, revision: number, event: ProposedEvent): LogRecord {
    const size = RECORD_OVERHEAD + Buffer.byteLength(stream) + Buffer.byteLength(event.type) + event.data.length + event.customMetadata.length;
    const record: LogRecord = {
      stream,
      revision,
      id: event.id,
      type: event.type,
      contentType: event.contentType,
      createdTicks: BigInt(this.clock()) * 10_000n + UNIX_EPOCH_TICKS,
      customMetadata: event.customMetadata,
      data: event.data,
      position: this.nextPosition,
      postPosition: this.nextPosition + size,
    };
    this.nextPosition += size;
    this.records.push(record);
    const indexes = this.streams.get(stream);
    if (indexes) indexes.push(this.records.length - 1);
    else this.streams.set(stream, [this.records.length - 1]);
    return record;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function systemEventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
