/**
 * The event store port. Adapters: SQLite (embedded default, file or :memory:) and EventStoreDB.
 * Every adapter passes the same contract suite (`event-store.contract.ts`).
 */

/** Global log position: strictly increasing in append order. SQLite: 1, 2, 3...; EventStoreDB: commit position. */
export type LogPosition = number;

/** Stream revision: 0-based index of an event in its stream. */
export type StreamRevision = number;

/**
 * Optimistic concurrency: `no_stream` (the stream must not exist), an exact revision (the stream's last event
 * must be at that revision), `stream_exists`, or `any` (no check).
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | StreamRevision;

export interface EventMetadata {
  /** Idempotency: the command (key) that produced the event. */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Authenticated principal. */
  readonly actor: string;
  /** SHA-256 of the request that produced the event, to tell a retry from a different command with the same key. */
  readonly requestHash?: string;
  readonly [extra: string]: unknown;
}

export interface IntegrityFields {
  /** ISO instant the ledger recorded the event (the writer's clock; part of the hashed content). */
  readonly recordedAt: string;
  /** Hex SHA-256 of the event's canonical content (see content-hash.ts). */
  readonly contentHash: string;
  /** contentHash of the previous event in the same stream; 64 zeros for the first. */
  readonly prevHash: string;
}

export interface EventToAppend {
  /** UUID. Appending an event id that is already stored is a retry: it is not stored again. */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly position: LogPosition;
  readonly stream: string;
  readonly revision: StreamRevision;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata & IntegrityFields;
}

export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  readonly stream: string;
  /** Revision of the stream's last event after the append: the next expected revision. */
  readonly nextExpectedRevision: StreamRevision;
  /**
   * Log position of the last event of the append (of a retry: of the last event retried); undefined when the
   * append carried no event. Positions are opaque: never derive another event's position from it.
   */
  readonly lastPosition?: LogPosition;
  /**
   * Every event's position, in order, when the store knows them without another read: SQLite always; EventStoreDB
   * for a one-event append and for a retry (its answer names only the last event's position). A caller that needs
   * them for a multi-event append asks `appendedPositions`, which reads them only when they are missing.
   */
  readonly positions?: readonly LogPosition[];
  readonly revisions: readonly StreamRevision[];
  readonly eventIds: readonly string[];
  /** True when every event id was already stored (a retry): nothing new was appended, original places returned. */
  readonly duplicate: boolean;
}

/** An append result whose store knows every event's position (SQLite). */
export type PositionedAppendResult = AppendResult & { readonly positions: readonly LogPosition[] };

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards default 0; backwards default the end. */
  readonly fromRevision?: StreamRevision;
  readonly maxCount?: number;
}

/**
 * Bounds of a read of the global log. Positions are opaque: EventStoreDB's are byte offsets, so a caller never
 * adds or subtracts 1 to move between events; it names the bound it needs. A bound that is no event's position
 * (EventStoreDB: inside a record) throws InvalidPositionError; the head or a position past it is always accepted.
 */
export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: from the start. */
  readonly after?: LogPosition;
  /** Inclusive lower bound for forwards reads: events at or after this position (the event at it first). */
  readonly from?: LogPosition;
  /** Exclusive upper bound for backwards reads; ignored forwards. */
  readonly before?: LogPosition;
  /** Inclusive upper bound for backwards reads: the event at this position, then earlier ones; ignored forwards. */
  readonly atOrBefore?: LogPosition;
  readonly direction?: 'forwards' | 'backwards';
  readonly limit?: number;
}

export interface SubscribeOptions {
  /**
   * Exclusive checkpoint: delivery starts with the first event after it. Default: from the start. A checkpoint
   * that is no event's position makes the iterator throw InvalidPositionError (never retried).
   */
  readonly after?: LogPosition;
  /** Ends the subscription (the iterator returns). */
  readonly signal?: AbortSignal;
  /** Called each time the subscription has delivered everything stored so far. */
  readonly onCaughtUp?: (position: LogPosition | undefined) => void;
}

export interface EventStoreCapabilities {
  /** appendMany is all-or-nothing across streams (SQLite: yes; EventStoreDB: no, results say what went in). */
  readonly atomicMultiStreamAppend: boolean;
}

export interface EventStore {
  readonly capabilities: EventStoreCapabilities;
  /** Appends atomically to one stream, checking the expected revision. */
  appendToStream(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams. Atomic when `capabilities.atomicMultiStreamAppend`; otherwise applied in order
   * and on failure throws a PartialAppendError that lists the results that did go in.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /** Events of one stream; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the global log, in order. System events of the underlying store are never returned. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the global log, undefined when empty. */
  headPosition(): Promise<LogPosition | undefined>;
  /**
   * Catch-up then live subscription to the global log, pull-based (back-pressure: the next page is read only
   * when the consumer asks). Delivers every event after the checkpoint exactly once, in order.
   */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  close(): Promise<void>;
}

/**
 * Event ids claimed by every writer of one log (EventStoreDB keeps no index of ids across streams): a shared
 * table makes an id live in one stream only, whichever process appends it.
 */
export interface EventIdRegistry {
  /**
   * Claims `eventIds` for `stream` and returns those that some writer had claimed before (this one included),
   * each with the stream it was claimed for. Empty when every id is new.
   */
  claim(stream: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  close?(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * Every position of an append's events, in order: from the result when the store gave them, else read back from
 * the stream at the revisions the result names (the events are matched by id, never located by arithmetic).
 */
export async function appendedPositions(store: EventStore, result: AppendResult): Promise<readonly LogPosition[]> {
  if (result.positions !== undefined) return result.positions;
  if (result.eventIds.length === 0) return [];
  const first = Math.min(...result.revisions);
  const read = await store.readStream(result.stream, { fromRevision: first, maxCount: Math.max(...result.revisions) - first + 1 });
  const byId = new Map(read.map((event) => [event.eventId, event.position]));
  return result.eventIds.map((eventId) => {
    const position = byId.get(eventId);
    if (position === undefined)
      throw new Error(`event ${eventId} appended to ${result.stream} is no longer in the stream: its position is unknown`);
    return position;
  });
}
