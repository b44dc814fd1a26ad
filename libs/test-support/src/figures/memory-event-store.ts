import type {
  AppendRequest,
  AppendResult,
  EventStore,
  EventToAppend,
  LogPosition,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
} from '@ledger/event-store';

export type NewEvent = Omit<RecordedEvent, 'position' | 'revision' | 'metadata'> & {
  readonly recordedAt?: string;
  readonly actor?: string;
  readonly imported?: { source: string; recordedAt: string };
};

/**
 * A tiny in-memory EventStore for the figures tests: positions 1, 2, 3..., recordedAt from a test clock,
 * pull-based subscription that reports caught-up and then waits for the next append.
 */
export class MemoryEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: true };
  readonly log: RecordedEvent[] = [];
  private wake: (() => void)[] = [];
  private closed = false;

  constructor(private readonly clock: () => string = () => '2025-01-01T00:00:00.000Z') {}

  /** Appends events as they are (no revision checks): the projector only reads. */
  add(...events: NewEvent[]): number[] {
    const positions: number[] = [];
    for (const event of events) {
      const position = this.log.length + 1;
      const revision = this.log.filter((e) => e.stream === event.stream).length;
      const { recordedAt, actor, imported, ...rest } = event;
      const metadata = {
        actor: actor ?? 'test',
        recordedAt: recordedAt ?? this.clock(),
        contentHash: '',
        prevHash: '',
        ...(imported ? { imported } : {}),
      };
      this.log.push({ ...rest, position, revision, metadata: metadata as RecordedEvent['metadata'] });
      positions.push(position);
    }
    const woken = this.wake;
    this.wake = [];
    woken.forEach((w) => w());
    return positions;
  }

  async appendToStream(stream: string, events: readonly EventToAppend[]): Promise<AppendResult> {
    const positions = this.add(
      ...events.map((e) => ({ stream, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data })),
    );
    return { stream, nextExpectedRevision: 0, positions, revisions: [], eventIds: events.map((e) => e.eventId), duplicate: false };
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const r of requests) results.push(await this.appendToStream(r.stream, r.events));
    return results;
  }

  async readStream(stream: string): Promise<RecordedEvent[]> {
    return this.log.filter((e) => e.stream === stream);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    if (options.direction === 'backwards') {
      return this.log
        .filter(
          (e) =>
            e.position < (options.before ?? Infinity) &&
            e.position <= (options.atOrBefore ?? Infinity) &&
            e.position > (options.after ?? 0),
        )
        .reverse()
        .slice(0, limit);
    }
    return this.log.filter((e) => e.position > (options.after ?? 0) && e.position >= (options.from ?? 0)).slice(0, limit);
  }

  async headPosition(): Promise<LogPosition | undefined> {
    return this.log.length === 0 ? undefined : this.log.length;
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? 0;
    while (!options.signal?.aborted && !this.closed) {
      const page = this.log.slice(after, after + 7);
      for (const event of page) {
        yield event;
        after = event.position;
        if (options.signal?.aborted) return;
      }
      if (page.length === 7) continue;
      options.onCaughtUp?.(after === 0 ? undefined : after);
      await new Promise<void>((resolve) => {
        const done = () => {
          options.signal?.removeEventListener('abort', done);
          resolve();
        };
        this.wake.push(done);
        options.signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake.forEach((w) => w());
  }
}
