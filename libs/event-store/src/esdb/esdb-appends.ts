import {
  FORWARDS,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import { matchesExpected, nextRecordedAt } from '../append-rules';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendRequest, AppendResult, EventIdRegistry, EventToAppend, ExpectedRevision, StreamRevision } from '../event-store.port';
import { toStoreError, withRetry, type RetrySettings } from './esdb-errors';
import { checkEventIds, EsdbIdempotency } from './esdb-idempotency';
import type { EsdbReads } from './esdb-reads';
import { positionOf, prepareEvent, toRecordedEvent, type PreparedEvent } from './esdb-records';
import { newTail, type StreamTail, type StreamTails } from './esdb-stream-tails';

type AppendResultOnWire = { readonly nextExpectedRevision: bigint; readonly position?: Position };

/** Append attempts for `any`/`stream_exists` when another writer moves the stream between read and write. */
const MAX_APPEND_ATTEMPTS = 5;

/**
 * The adapter's appends to one stream: ids no writer has claimed are written at once (appendNew), the others take
 * the checked path (appendChecked), and an append of no events is the server's check of the expected revision.
 * Each event is chained to the stream's last one (prevHash), and every write goes out at an exact revision.
 */
export class EsdbAppends {
  private readonly idempotency: EsdbIdempotency;
  /** Appends of new ids under way, by event id (see afterAppendsOfSameIds). */
  private readonly appendsInFlight = new Map<string, Promise<unknown>>();
  private lastRecordedAt = '';
  /** A shared id registry is given: a stream begun blind (no_stream, no read) is verified, no other writer had its ids. */
  private readonly sharedIds: boolean;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly reads: EsdbReads,
    private readonly tails: StreamTails,
    private readonly retry: RetrySettings,
    private readonly clock: () => string,
    eventIds: EventIdRegistry | undefined,
  ) {
    this.idempotency = new EsdbIdempotency(tails, reads, eventIds);
    this.sharedIds = eventIds !== undefined;
  }

  async append({ stream, events: given, expectedRevision }: AppendRequest): Promise<AppendResult> {
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
      tail = expectedRevision === 'no_stream' ? newTail(true, this.sharedIds) : await this.tails.lastEventTail(stream);
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
}
