import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type Position,
} from '@eventstore/db-client';
import { matchesExpected, nextRecordedAt } from '../append-rules';
import { PartialAppendError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  EventStoreCapabilities,
  EventToAppend,
  EventIdRegistry,
  ExpectedRevision,
  LogPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamRevision,
  SubscribeOptions,
} from '../event-store.port';
import { toStoreError, withRetry, type RetrySettings } from './esdb-errors';
import { positionOf, prepareEvent, toRecordedEvent, type PreparedEvent } from './esdb-records';
import { guardBatchAppend } from './esdb-batch-append-guard';
import { checkEventIds, EsdbIdempotency } from './esdb-idempotency';
import { ReadAhead } from './esdb-read-ahead';
import { EsdbReads } from './esdb-reads';
import { newTail, StreamTails, type StreamTail } from './esdb-stream-tails';
import { resubscribingSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** ISO-8601 instant of "now"; recordedAt never goes below the last one this store wrote. Default: the system clock. */
  readonly clock?: () => string;
  /** Streams whose tail (last revision, last hash, event ids) is kept in memory. Default 10 000. */
  readonly cachedStreams?: number;
  /** A dropped subscription waits this long before resubscribing, doubling up to 5 s. Default 100 ms. */
  readonly resubscribeDelayMs?: number;
  /** Consecutive failed resubscriptions after which the subscription gives up with the last error. Default 30. */
  readonly maxResubscribeAttempts?: number;
  /**
   * Transient failures (unavailable, deadline exceeded, not leader) of reads and appends are retried this many
   * times in all, with back-off doubling from `baseDelayMs`. Permanent ones never are. Default 4 attempts, 50 ms.
   */
  readonly retry?: Partial<RetrySettings>;
  /**
   * Ids claimed by every writer on this cluster (PostgreSQL when DATABASE_URL is set): makes event ids unique
   * across streams across processes, and tells an append of ids no writer has sent (written without a read)
   * from a retry (checked against what is stored). Without one, the ids this process sent stand in for it.
   * The store closes it.
   */
  readonly eventIds?: EventIdRegistry;
}

type AppendResultOnWire = { readonly nextExpectedRevision: bigint; readonly position?: Position };

const DEFAULT_READ_ALL_LIMIT = 1000;
/** Append attempts for `any`/`stream_exists` when another writer moves the stream between read and write. */
const MAX_APPEND_ATTEMPTS = 5;

/**
 * The production event store: EventStoreDB through `@eventstore/db-client`.
 *
 * - Stream `<category>-<id>` as given; revisions are EventStoreDB's; positions are `$all` commit positions, byte
 *   offsets of records: the adapter never computes one, it reads from positions callers or the server gave.
 * - Every write is sent with an exact expected revision (or no_stream), also for `any` and `stream_exists`, because
 *   the adapter chains each event's prevHash to the stream's last event: the server's check protects the chain.
 * - Ids no writer has claimed (this process's memory, and the shared `eventIds` registry when given) cannot be a
 *   retry: written at once, with no read of the stream when it is new (no_stream) or remembered; the answer names
 *   the last event's position only, so `positions` is given for one-event appends (appendedPositions reads more).
 * - Idempotency: ids some writer claimed before take the checked path: the stream is read, ids already in it return
 *   their original places with `duplicate: true` once the stored events are read and found to say the same, and
 *   what a write of them stored is read back (the server answers a repeat with the original result). Ids claimed
 *   for another stream are refused; across processes that needs the shared registry: see docs/production.md.
 * - Failures: transient ones retried with bounded back-off, permanent ones typed and never retried (esdb-errors.ts).
 * - appendMany is not atomic across streams (EventStoreDB writes one stream per call): PartialAppendError says
 *   exactly what went in.
 */
export class EsdbEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { atomicMultiStreamAppend: false };

  private readonly clock: () => string;
  private readonly retry: RetrySettings;
  private readonly tails: StreamTails;
  /** Appends of new ids under way, by event id (see afterAppendsOfSameIds). */
  private readonly appendsInFlight = new Map<string, Promise<unknown>>();
  private lastRecordedAt = '';
  private readonly subscriptions = new Set<AbortController>();
  private closed = false;
  private readonly releaseBatchAppend: () => void;
  private readonly readAhead = new ReadAhead();
  private readonly reads: EsdbReads;
  private readonly idempotency: EsdbIdempotency;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date().toISOString());
    this.retry = { attempts: options.retry?.attempts ?? 4, baseDelayMs: options.retry?.baseDelayMs ?? 50 };
    this.reads = new EsdbReads(client, this.retry);
    this.tails = new StreamTails(this.reads, options.cachedStreams ?? 10_000);
    this.idempotency = new EsdbIdempotency(this.tails, this.reads, options.eventIds);
    this.releaseBatchAppend = guardBatchAppend(client);
  }

  /** Connects lazily: the first operation opens the connection. `url` is an `esdb://` connection string. */
  static connect(url: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(url), options);
  }

  async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    return this.appendOne({ stream, events, expectedRevision: options.expectedRevision });
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    const appended: AppendResult[] = [];
    for (const [index, request] of requests.entries()) {
      try {
        appended.push(await this.appendOne(request));
      } catch (error) {
        // Nothing went in (appends of no events store none): the plain error, as an atomic store would throw it,
        // so a command whose second citation guard fails is re-decided like one whose first does.
        if (appended.every((result) => result.eventIds.length === 0)) throw error;
        throw new PartialAppendError(appended, index, error);
      }
    }
    return appended;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const events = await this.reads.readStreamRaw(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    const recorded = events.map(toRecordedEvent);
    // A whole stream read forwards is the truth about its tail: refresh what the next append will chain to.
    if (!backwards && (options.fromRevision ?? 0) === 0 && options.maxCount === undefined) this.tails.replaceTail(stream, recorded);
    return recorded;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    if (limit <= 0) return [];
    if (options.direction === 'backwards') return this.reads.readAllBackwards(options, limit);
    if (options.from !== undefined) return this.reads.readAllForwards(options, limit);
    return this.readAhead.page(options.after, limit, (after) => this.reads.readAllForwards(after === undefined ? {} : { after }, limit));
  }

  async headPosition(): Promise<LogPosition | undefined> {
    this.assertOpen();
    const [last] = await this.reads.readAllBackwards({}, 1);
    return last?.position;
  }

  subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    return resubscribingSubscription(this.client, options, {
      resubscribeDelayMs: this.options.resubscribeDelayMs ?? 100,
      maxResubscribeAttempts: this.options.maxResubscribeAttempts ?? 30,
      head: () => this.headPosition(),
      track: (abort) => {
        this.subscriptions.add(abort);
        return () => this.subscriptions.delete(abort);
      },
      isClosed: () => this.closed,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const abort of this.subscriptions) abort.abort();
    this.readAhead.clear();
    this.releaseBatchAppend();
    await this.client.dispose();
    await this.options.eventIds?.close?.();
  }

  // ---- appends ----

  private async appendOne({ stream, events: given, expectedRevision }: AppendRequest): Promise<AppendResult> {
    // The server answers ids in lowercase (Uuid.ToString): hash and compare them as it will store them.
    const events = given.map((e) => (e.eventId === e.eventId.toLowerCase() ? e : { ...e, eventId: e.eventId.toLowerCase() }));
    checkEventIds(stream, events);
    if (events.length === 0) return this.appendNothing(stream, expectedRevision);
    const written = await this.afterAppendsOfSameIds(events, async () =>
      (await this.idempotency.claimIds(stream, events)) ? this.appendNew(stream, events, expectedRevision) : undefined,
    );
    return written ?? this.appendChecked(stream, events, expectedRevision);
  }

  /**
   * Runs `attempt` once every earlier attempt in this process carrying one of these ids has settled. A write of new
   * ids takes the server's success for its own, but the server answers a repeat of ids it holds with that same
   * success (IndexWriter.CheckCommit): were a checked append of the same ids (a quick retry) to land first, the
   * write of new ids would chain the next event to a hash that is not stored. Waiting lets the later one find the
   * earlier one's events in the tail.
   */
  private async afterAppendsOfSameIds<T>(events: readonly EventToAppend[], attempt: () => Promise<T>): Promise<T> {
    const earlier = new Set(events.map((e) => this.appendsInFlight.get(e.eventId)).filter((p) => p !== undefined));
    const running = (async () => {
      await Promise.allSettled(earlier);
      return attempt();
    })();
    for (const { eventId } of events) this.appendsInFlight.set(eventId, running);
    try {
      return await running;
    } finally {
      for (const { eventId } of events) if (this.appendsInFlight.get(eventId) === running) this.appendsInFlight.delete(eventId);
    }
  }

  /**
   * An append of no events is a check of the expected revision (the pipeline's citation guard), so the server
   * makes it: a cached tail may be behind another process's writes. EventStoreDB 24.10 (ReaderIndex/IndexWriter.cs,
   * CheckCommit; Storage/StorageWriterService.cs, WritePrepares) accepts no events only at the stream's current
   * revision, at no_stream only when it has no event (also when soft-deleted), refuses a tombstoned stream with
   * StreamDeleted, and writes an empty prepare record: its position is no event's, so none is named.
   */
  private async appendNothing(stream: string, expectedRevision: ExpectedRevision): Promise<AppendResult> {
    try {
      await this.send(stream, [], typeof expectedRevision === 'number' ? BigInt(expectedRevision) : expectedRevision);
    } catch (error) {
      this.tails.forget(stream);
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
        throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
      }
      throw toStoreError(error, `append no events to ${stream}`);
    }
    // Client 6.2.1 reads the server's NoStream answer as revision 0: the revision is what was asked, when exact.
    const revision =
      typeof expectedRevision === 'number'
        ? expectedRevision
        : expectedRevision === 'no_stream'
          ? -1
          : (await this.tails.lastEventTail(stream)).revision;
    const cached = this.tails.cached(stream);
    if (cached !== undefined && cached.revision !== revision) this.tails.forget(stream);
    return { stream, nextExpectedRevision: revision, positions: [], revisions: [], eventIds: [], duplicate: false };
  }

  /**
   * An append of ids no writer had sent: the server's success is this write (its idempotent replay answers only
   * ids already sent). no_stream to a stream not cached needs no read (the chain starts at GENESIS_HASH); another
   * bound on an uncached stream reads only its last event. Undefined when the expected revision or the server
   * disagrees with what is cached: the checked path then reads the stream and decides.
   */
  private async appendNew(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult | undefined> {
    let tail = this.tails.cached(stream);
    if (tail !== undefined && !tail.verified) tail = await this.tails.verifyTail(stream, tail);
    if (tail === undefined)
      tail = expectedRevision === 'no_stream' ? newTail(true, this.options.eventIds !== undefined) : await this.tails.lastEventTail(stream);
    if (!matchesExpected(expectedRevision, tail.revision)) return undefined;
    const prepared = this.prepare(stream, events, tail);
    const base = tail.revision;
    let written: AppendResultOnWire;
    try {
      written = await this.send(stream, prepared, base < 0 ? 'no_stream' : BigInt(base));
    } catch (error) {
      this.tails.forget(stream);
      if (error instanceof WrongExpectedVersionError) return undefined;
      throw toStoreError(error, `append ${events.length} event(s) to ${stream}`);
    }
    if (written.position === undefined) return this.recordWrite(stream, tail, base, prepared, written, events);
    const revisions = this.revisionsOf(written, base, prepared.length);
    const lastPosition = positionOf(written.position, stream);
    prepared.forEach((p, i) => {
      const last = i === prepared.length - 1;
      this.tails.remember(
        stream,
        tail!,
        p.eventId,
        last ? { revision: revisions[i], position: lastPosition } : { revision: revisions[i] },
        p.contentHash,
      );
    });
    this.tails.touch(stream, tail);
    return {
      stream,
      nextExpectedRevision: Number(written.nextExpectedRevision),
      lastPosition,
      ...(prepared.length === 1 && { positions: [lastPosition] }),
      revisions,
      eventIds: prepared.map((p) => p.eventId),
      duplicate: false,
    };
  }

  /** The server's revisions: a soft-deleted stream continues its numbering where the adapter saw none. */
  private revisionsOf(written: AppendResultOnWire, base: StreamRevision, count: number): StreamRevision[] {
    const next = Number(written.nextExpectedRevision);
    const first = next >= 0 && next - count + 1 > base + 1 ? next - count + 1 : base + 1;
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /**
   * The retry-aware path: reads the stream's tail (every event id it holds), answers a retry from what is stored,
   * and writes at the exact revision read, again after losing a race.
   */
  private async appendChecked(stream: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    let tail = await this.tails.tailOf(stream, false);
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      const retry = await this.idempotency.findRetry(stream, tail, events);
      if (retry) return retry;
      if (!matchesExpected(expectedRevision, tail.revision)) {
        // What the cache says may be old: only the server's current state can refuse.
        if (!fresh) {
          tail = await this.tails.tailOf(stream, true);
          fresh = true;
          continue;
        }
        throw new WrongExpectedRevisionError(stream, expectedRevision, tail.revision);
      }
      const prepared = this.prepare(stream, events, tail);
      // Taken now: a concurrent refresh may move the shared tail while the write is in flight.
      const base = tail.revision;
      const sent: AppendExpectedRevision = base < 0 ? 'no_stream' : BigInt(base);
      let written: AppendResultOnWire;
      try {
        written = await this.send(stream, prepared, sent);
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // Another writer moved the stream (or this is a retry of events already there): look again.
          tail = await this.tails.tailOf(stream, true);
          fresh = true;
          if (attempt < MAX_APPEND_ATTEMPTS) continue;
          throw new WrongExpectedRevisionError(stream, expectedRevision, tail.revision);
        }
        // The outcome is unknown (the write may have gone in): forget the tail so the next append reads it.
        this.tails.forget(stream);
        throw toStoreError(error, `append ${events.length} event(s) to ${stream}`);
      }
      return this.recordWrite(stream, tail, base, prepared, written, events);
    }
  }

  /**
   * One write, retried on transient failures with the same events at the same exact expected revision: the
   * server answers a repeat of a write it already did with the original result (IndexWriter.CheckCommit), and
   * one that another writer overtook with WrongExpectedVersion, so a retry never writes twice.
   */
  private async send(
    stream: string,
    prepared: readonly PreparedEvent[],
    expectedRevision: AppendExpectedRevision,
  ): Promise<AppendResultOnWire> {
    const wire = prepared.map((p) => p.wire);
    return withRetry(this.retry, () => this.client.appendToStream(stream, wire, { expectedRevision }));
  }

  private prepare(stream: string, events: readonly EventToAppend[], tail: StreamTail): PreparedEvent[] {
    const recordedAt = this.nextRecordedAt();
    let prevHash = tail.lastHash;
    return events.map((event) => {
      const prepared = prepareEvent(stream, event, recordedAt, prevHash);
      prevHash = prepared.contentHash;
      return prepared;
    });
  }

  /**
   * After a successful write of ids some writer had sent before (the checked path): the server answers a repeat of
   * ids it holds at that revision with the original result (IndexWriter.CheckCommit), which may be another
   * writer's events with other content, so the stored events are read back and compared, never assumed.
   */
  private async recordWrite(
    stream: string,
    tail: StreamTail,
    base: StreamRevision,
    prepared: readonly PreparedEvent[],
    written: AppendResultOnWire,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    const revisions = this.revisionsOf(written, base, prepared.length);
    const stored = (
      await this.reads.readStreamRaw(stream, { direction: FORWARDS, fromRevision: BigInt(revisions[0]), maxCount: prepared.length })
    ).map(toRecordedEvent);
    const mine =
      stored.length === prepared.length &&
      stored.every((e, i) => e.eventId === prepared[i].eventId && e.metadata.contentHash === prepared[i].contentHash);
    if (!mine) {
      // The server answered an earlier attempt of these events: what it stored is the truth.
      const truth = await this.tails.tailOf(stream, true);
      const retry = await this.idempotency.findRetry(stream, truth, events);
      if (retry) return retry;
      this.tails.forget(stream);
      throw new Error(`EventStoreDB accepted an append to ${stream} but does not hold the events sent`);
    }
    const positions = stored.map((e) => e.position);
    prepared.forEach((p, i) =>
      this.tails.remember(stream, tail, p.eventId, { revision: revisions[i], position: positions[i] }, p.contentHash),
    );
    this.tails.touch(stream, tail);
    return {
      stream,
      nextExpectedRevision: Number(written.nextExpectedRevision),
      lastPosition: positions[positions.length - 1],
      positions,
      revisions,
      eventIds: prepared.map((p) => p.eventId),
      duplicate: false,
    };
  }

  /** The clock, but never earlier than the last recordedAt this store wrote. */
  private nextRecordedAt(): string {
    this.lastRecordedAt = nextRecordedAt(this.clock, this.lastRecordedAt);
    return this.lastRecordedAt;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
