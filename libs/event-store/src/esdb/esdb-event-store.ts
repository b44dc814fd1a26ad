import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { PartialAppendError } from '../event-store.errors';
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
  SubscribeOptions,
} from '../event-store.port';
import { EsdbAppends } from './esdb-appends';
import { guardBatchAppend } from './esdb-batch-append-guard';
import type { RetrySettings } from './esdb-errors';
import { ReadAhead } from './esdb-read-ahead';
import { EsdbReads } from './esdb-reads';
import { toRecordedEvent } from './esdb-records';
import { StreamTails } from './esdb-stream-tails';
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

const DEFAULT_READ_ALL_LIMIT = 1000;

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
 *
 * This class wires the parts: appends (esdb-appends.ts), retry recognition (esdb-idempotency.ts), the stream-tail
 * cache (esdb-stream-tails.ts), reads (esdb-reads.ts), live subscriptions (esdb-subscription.ts).
 */
export class EsdbEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { atomicMultiStreamAppend: false };

  private readonly reads: EsdbReads;
  private readonly tails: StreamTails;
  private readonly appends: EsdbAppends;
  private readonly subscriptions = new Set<AbortController>();
  private closed = false;
  private readonly releaseBatchAppend: () => void;
  private readonly readAhead = new ReadAhead();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    const clock = options.clock ?? (() => new Date().toISOString());
    const retry: RetrySettings = { attempts: options.retry?.attempts ?? 4, baseDelayMs: options.retry?.baseDelayMs ?? 50 };
    this.reads = new EsdbReads(client, retry);
    this.tails = new StreamTails(this.reads, options.cachedStreams ?? 10_000);
    this.appends = new EsdbAppends(client, this.reads, this.tails, retry, clock, options.eventIds);
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
    return this.appends.append({ stream, events, expectedRevision: options.expectedRevision });
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    const appended: AppendResult[] = [];
    for (const [index, request] of requests.entries()) {
      try {
        appended.push(await this.appends.append(request));
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

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
