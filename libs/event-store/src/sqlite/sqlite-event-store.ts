import Database from 'better-sqlite3';
import type { Database as Connection, Statement } from 'better-sqlite3';
import { matchesExpected, nextRecordedAt, refuseBadOrRepeatedIds, refuseIdsOfOtherStreams, refuseMixedRetry } from '../append-rules';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendRequest,
  PositionedAppendResult,
  EventStore,
  EventStoreCapabilities,
  EventToAppend,
  ExpectedRevision,
  LogPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamRevision,
  SubscribeOptions,
} from '../event-store.port';
import { GENESIS_HASH } from '../content-hash';
import { AppendNotifier, pagedSubscription } from '../subscription';
import { canonicalContent, fastCanonicalJson, fastSha256Hex } from './fast-canonical-json';
import { asStoreError, withOptimisticRetry } from './sqlite-errors';
import { EVENT_COLUMNS, toRecordedEvent, withRecordedAt, type EventRow } from './sqlite-event-rows';
import { migrate } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** Path of the database file, or ':memory:' (one connection, gone on close). */
  readonly filename: string;
  /** ISO-8601 instant of "now"; recordedAt never goes below the previous event's. Default: the system clock. */
  readonly clock?: () => string;
  /** How often a live subscription looks for appends made by other processes on the same file. Default 250 ms. */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

interface StoredPlace {
  position: number;
  stream: string;
  revision: number;
}

const DEFAULT_READ_ALL_LIMIT = 1000;

/**
 * The embedded event store: one SQLite file (WAL, synchronous=FULL: an acknowledged append is on disk), or memory.
 * Every append or appendMany is all-or-nothing and is decided inside an IMMEDIATE transaction, so the expected-revision
 * check, the idempotency check and the hash chain are computed under the write lock, also against other processes
 * writing the same file. Appends called in the same tick share that transaction (group commit, see `append`).
 */
export class SqliteEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { atomicMultiStreamAppend: true };

  private readonly db: Connection;
  private readonly clock: () => string;
  private readonly pollIntervalMs: number;
  private readonly notifier = new AppendNotifier();
  private closed = false;

  private readonly insertEvent: Statement;
  private readonly selectStreamHead: Statement;
  private readonly selectPlaceByEventId: Statement;
  private readonly selectLastRecordedAt: Statement;
  private readonly selectHead: Statement;
  private readonly selectStreamForwards: Statement;
  private readonly selectStreamBackwards: Statement;
  private readonly selectAllForwards: Statement;
  private readonly selectAllBackwards: Statement;
  private readonly selectAllFrom: Statement;
  private readonly selectAllAtOrBefore: Statement;
  private readonly appendInTransaction: (requests: readonly AppendRequest[], lookUpEveryId: boolean) => PositionedAppendResult[];
  private readonly appendGroupInTransaction: (group: readonly PendingAppend[]) => AppendOutcome[];
  /** Appends called in the same tick, committed together by `commitPending` (group commit: one fsync for all). */
  private readonly pending: PendingAppend[] = [];
  /** recordedAt of the transaction being written: one reading of the clock per commit. */
  private groupRecordedAt: string | undefined;

  constructor(options: SqliteEventStoreOptions) {
    this.clock = options.clock ?? (() => new Date().toISOString());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.db = new Database(options.filename);
    try {
      // busy_timeout first: switching to WAL needs a lock another process may hold for a moment.
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    const db = this.db;
    this.insertEvent = db.prepare(
      `INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at, content_hash, prev_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStreamHead = db.prepare('SELECT revision, content_hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
    this.selectPlaceByEventId = db.prepare('SELECT position, stream, revision FROM events WHERE event_id = ?');
    this.selectLastRecordedAt = db.prepare('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').pluck();
    this.selectHead = db.prepare('SELECT max(position) FROM events').pluck();
    this.selectStreamForwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
    );
    this.selectStreamBackwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    );
    this.selectAllForwards = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`);
    this.selectAllBackwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position < ? ORDER BY position DESC LIMIT ?`,
    );
    this.selectAllFrom = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? AND position > ? ORDER BY position ASC LIMIT ?`,
    );
    this.selectAllAtOrBefore = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position <= ? AND position < ? ORDER BY position DESC LIMIT ?`,
    );
    const transaction = db.transaction((requests: readonly AppendRequest[], lookUpEveryId: boolean) => {
      this.groupRecordedAt = undefined;
      return this.appendBatch(requests, lookUpEveryId);
    });
    this.appendInTransaction = (requests, lookUpEveryId) => transaction.immediate(requests, lookUpEveryId);
    // Called inside the group's transaction, better-sqlite3 runs this one as a SAVEPOINT: a failing caller is undone alone.
    const callerSavepoint = db.transaction((requests: readonly AppendRequest[], lookUpEveryId: boolean) =>
      this.appendBatch(requests, lookUpEveryId),
    );
    const groupTransaction = db.transaction((group: readonly PendingAppend[]) => {
      this.groupRecordedAt = undefined;
      return group.map((caller): AppendOutcome => {
        try {
          return { results: withOptimisticRetry(caller.requests, callerSavepoint) };
        } catch (error) {
          return { error };
        }
      });
    });
    this.appendGroupInTransaction = (group) => groupTransaction.immediate(group);
  }

  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<PositionedAppendResult> {
    return (await this.append([{ stream, events, expectedRevision: options.expectedRevision }]))[0];
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<PositionedAppendResult[]> {
    return this.append(requests);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    const rows =
      options.direction === 'backwards'
        ? this.selectStreamBackwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.selectStreamForwards.all(stream, options.fromRevision ?? 0, limit);
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllNow(options);
  }

  async headPosition(): Promise<LogPosition | undefined> {
    this.assertOpen();
    return (this.selectHead.get() as number | null) ?? undefined;
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    return pagedSubscription(
      {
        readPage: (after, limit) => (this.closed ? [] : this.readAllNow({ after, limit })),
        appendVersion: () => this.notifier.version,
        waitForAppend: (version, signal) => this.notifier.wait(this.pollIntervalMs, signal, version),
        isClosed: () => this.closed,
      },
      options,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commitPending();
    this.closed = true;
    this.notifier.notify();
    this.db.close();
  }

  /**
   * Group commit. Appends called in the same tick (concurrent command handlers, several HTTP requests) are written in
   * one IMMEDIATE transaction, each caller in its own savepoint, so they share one fsync; each caller still gets its
   * own all-or-nothing outcome, and its promise settles only after the commit is durable. A lone append (the usual
   * case) runs in a plain transaction without the savepoint.
   */
  private append(requests: readonly AppendRequest[]): Promise<PositionedAppendResult[]> {
    this.assertOpen();
    return new Promise<PositionedAppendResult[]>((resolve, reject) => {
      this.pending.push({ requests, resolve, reject });
      if (this.pending.length === 1) queueMicrotask(() => this.commitPending());
    });
  }

  private commitPending(): void {
    // Emptied in place, never replaced: a wrapper made with Object.create(store) shares this very queue.
    const group = this.pending.splice(0);
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes =
        group.length === 1
          ? [
              {
                results: withOptimisticRetry(group[0].requests, (requests, lookUpEveryId) =>
                  this.appendInTransaction(requests, lookUpEveryId),
                ),
              },
            ]
          : this.appendGroupInTransaction(group);
    } catch (error) {
      // Nothing of the group was committed (BEGIN or COMMIT failed, or the lone append was refused).
      for (const caller of group) caller.reject(asStoreError(error));
      return;
    }
    if (outcomes.some((o) => o.results?.some((r) => !r.duplicate && r.positions.length > 0))) this.notifier.notify();
    outcomes.forEach((outcome, i) => (outcome.results ? group[i].resolve(outcome.results) : group[i].reject(asStoreError(outcome.error))));
  }

  /** The whole batch, inside one IMMEDIATE transaction: each request sees the earlier requests' events. */
  private appendBatch(requests: readonly AppendRequest[], lookUpEveryId: boolean): PositionedAppendResult[] {
    return requests.map((request) => this.appendOne(request, lookUpEveryId, () => (this.groupRecordedAt ??= this.nextRecordedAt())));
  }

  private appendOne(
    { stream, events, expectedRevision }: AppendRequest,
    lookUpEveryId: boolean,
    recordedAtOfBatch: () => string,
  ): PositionedAppendResult {
    const head = this.selectStreamHead.get(stream) as { revision: number; content_hash: string } | undefined;
    const actual: StreamRevision = head ? head.revision : -1;
    const expected = matchesExpected(expectedRevision, actual);
    // A retry must be recognised whatever its expected revision says, so a refused revision looks the ids up too.
    if (lookUpEveryId || !expected) {
      const duplicate = this.findRetry(stream, events);
      if (duplicate) return duplicate;
      if (!expected) throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
    }
    if (events.length === 0) {
      return { stream, nextExpectedRevision: actual, positions: [], revisions: [], eventIds: [], duplicate: false };
    }

    const recordedAt = recordedAtOfBatch();
    const positions: LogPosition[] = [];
    const revisions: StreamRevision[] = [];
    const eventIds: string[] = [];
    let prevHash = head ? head.content_hash : GENESIS_HASH;
    let revision = actual;
    for (const event of events) {
      revision++;
      const data = fastCanonicalJson(event.data === undefined ? null : event.data);
      const metadata = fastCanonicalJson(withRecordedAt(event.metadata, recordedAt));
      const hash = fastSha256Hex(canonicalContent(stream, event.eventId, event.type, event.schemaVersion, data, metadata));
      const inserted = this.insertEvent.run(
        event.eventId,
        stream,
        revision,
        event.type,
        event.schemaVersion,
        data,
        metadata,
        recordedAt,
        hash,
        prevHash,
      );
      positions.push(Number(inserted.lastInsertRowid));
      revisions.push(revision);
      eventIds.push(event.eventId);
      prevHash = hash;
    }
    return {
      stream,
      nextExpectedRevision: revision,
      lastPosition: positions[positions.length - 1],
      positions,
      revisions,
      eventIds,
      duplicate: false,
    };
  }

  /**
   * A retry stores nothing: when every event id is already stored in this stream, the original places come back.
   * Some stored and some new, or stored in another stream, is a different request reusing ids: refused.
   */
  private findRetry(stream: string, events: readonly EventToAppend[]): PositionedAppendResult | undefined {
    refuseBadOrRepeatedIds(stream, events, (id) => id.length > 0, 'a non-empty string');
    const places = events.map(({ eventId }) => this.selectPlaceByEventId.get(eventId) as StoredPlace | undefined);
    const ids = events.map((e) => e.eventId);
    const stored = ids.filter((_, i) => places[i] !== undefined);
    if (stored.length === 0) return undefined;
    refuseIdsOfOtherStreams(
      stream,
      ids.filter((_, i) => places[i] !== undefined && places[i]!.stream !== stream),
    );
    if (stored.length < events.length) refuseMixedRetry(stream, stored);
    const found = places as StoredPlace[];
    return {
      stream,
      nextExpectedRevision: Math.max(...found.map((p) => p.revision)),
      lastPosition: found[found.length - 1].position,
      positions: found.map((p) => p.position),
      revisions: found.map((p) => p.revision),
      eventIds: events.map((e) => e.eventId),
      duplicate: true,
    };
  }

  /** The clock, but never earlier than the last recorded event: recordedAt is monotonic in log order. */
  private nextRecordedAt(): string {
    return nextRecordedAt(this.clock, this.selectLastRecordedAt.get() as string | undefined);
  }

  private readAllNow(options: ReadAllOptions): RecordedEvent[] {
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    const after = options.after ?? 0;
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    let rows: unknown[];
    if (options.direction === 'backwards') {
      rows =
        options.atOrBefore !== undefined
          ? this.selectAllAtOrBefore.all(after, options.atOrBefore, before, limit)
          : this.selectAllBackwards.all(after, before, limit);
    } else {
      rows = options.from !== undefined ? this.selectAllFrom.all(options.from, after, limit) : this.selectAllForwards.all(after, limit);
    }
    return (rows as EventRow[]).map(toRecordedEvent);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

interface PendingAppend {
  readonly requests: readonly AppendRequest[];
  readonly resolve: (results: PositionedAppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

type AppendOutcome = { results: PositionedAppendResult[]; error?: undefined } | { results?: undefined; error: unknown };
