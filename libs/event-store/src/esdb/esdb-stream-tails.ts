import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import { GENESIS_HASH } from '../content-hash';
import type { LogPosition, RecordedEvent, StreamRevision } from '../event-store.port';
import type { EsdbReads } from './esdb-reads';
import { toRecordedEvent } from './esdb-records';

/** Where an event sits; the position is known for the last event of a write (the server names only that one). */
export interface Place {
  readonly revision: StreamRevision;
  readonly position?: LogPosition;
}

/** What the adapter knows about one stream: enough to check idempotency and chain the next event. */
export interface StreamTail {
  /** Revision of the last event; -1 when the stream does not exist. */
  revision: StreamRevision;
  lastHash: string;
  lastEventId?: string;
  readonly places: Map<string, Place>;
  /** `places` holds every event the stream holds (read from its start, or the stream was begun by this store). */
  readonly complete: boolean;
  /**
   * The last event is known to be the one stored: read, or written with ids no other writer had claimed. A stream
   * this store began blind (no_stream, no read) without a shared id registry is checked on its next append.
   */
  verified: boolean;
}

/** Event ids remembered across streams to refuse an id reused in another stream (EventStoreDB has no global id index). */
const REMEMBERED_EVENT_IDS = 200_000;

/**
 * The tails of the streams this store knows (most recently used kept, up to `cachedStreams`), and which stream each
 * event id it has seen belongs to (EventStoreDB has no global id index), read from the server when needed.
 */
export class StreamTails {
  private readonly tails = new Map<string, StreamTail>();
  private readonly streamOfEventId = new Map<string, string>();

  constructor(
    private readonly reads: EsdbReads,
    private readonly cachedStreams: number,
  ) {}

  /** The tail cached for `stream`, as it is (maybe incomplete or unverified). */
  cached(stream: string): StreamTail | undefined {
    return this.tails.get(stream);
  }

  /** Whether this process has seen `eventId` in any stream, or claimed it for one. */
  knowsId(eventId: string): boolean {
    return this.streamOfEventId.has(eventId);
  }

  /** Lets go of an id this process claimed for an append that did not go ahead. */
  forgetId(eventId: string): void {
    this.streamOfEventId.delete(eventId);
  }

  /**
   * The cached tail, brought up to date from the server when `refresh` (or when nothing complete and verified is
   * cached: then the stream is read from its start).
   */
  async tailOf(stream: string, refresh: boolean): Promise<StreamTail> {
    const cached = this.tails.get(stream);
    const usable = cached !== undefined && cached.complete && cached.verified ? cached : undefined;
    if (usable && !refresh) return this.touch(stream, usable);
    const tail: StreamTail = usable ?? newTail(true, true);
    const newer = (
      await this.reads.readStreamRaw(stream, {
        direction: FORWARDS,
        fromRevision: BigInt(tail.revision + 1),
        maxCount: Number.MAX_SAFE_INTEGER,
      })
    ).map(toRecordedEvent);
    for (const event of newer) {
      // Concurrent refreshes may both apply the same events: only the next revision extends the tail.
      if (event.revision === tail.revision + 1) this.remember(stream, tail, event.eventId, event, event.metadata.contentHash);
    }
    return this.touch(stream, tail);
  }

  private async readLastEvent(stream: string): Promise<RecordedEvent | undefined> {
    const [last] = (await this.reads.readStreamRaw(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })).map(toRecordedEvent);
    return last;
  }

  /** A tail from the stream's last event only: enough to chain the next event, not to recognise a retry. */
  async lastEventTail(stream: string): Promise<StreamTail> {
    const last = await this.readLastEvent(stream);
    const tail = newTail(last === undefined, true);
    if (last) this.remember(stream, tail, last.eventId, last, last.metadata.contentHash);
    return tail;
  }

  /** A stream begun blind: its last event is read once; if it is not the one this store wrote, the stream is read. */
  async verifyTail(stream: string, tail: StreamTail): Promise<StreamTail> {
    const last = await this.readLastEvent(stream);
    if (last && last.revision === tail.revision && last.eventId === tail.lastEventId && last.metadata.contentHash === tail.lastHash) {
      tail.verified = true;
      return tail;
    }
    this.forget(stream);
    return this.tailOf(stream, true);
  }

  /** A missing stream is remembered too: the command that read it usually creates it next. */
  replaceTail(stream: string, events: readonly RecordedEvent[]): void {
    const tail = newTail(true, true);
    for (const event of events) this.remember(stream, tail, event.eventId, event, event.metadata.contentHash);
    this.touch(stream, tail);
  }

  remember(stream: string, tail: StreamTail, eventId: string, place: Place, hash: string): void {
    tail.places.set(eventId, { revision: place.revision, ...(place.position !== undefined && { position: place.position }) });
    if (place.revision > tail.revision) {
      tail.revision = place.revision;
      tail.lastHash = hash;
      tail.lastEventId = eventId;
    }
    this.rememberId(eventId, stream);
  }

  /** The ids this process knows to be in a stream other than `stream`. */
  idsOfOtherStreams(stream: string, ids: readonly string[]): string[] {
    return ids.filter((id) => {
      const owner = this.streamOfEventId.get(id);
      return owner !== undefined && owner !== stream;
    });
  }

  /** Most recently used last, so the oldest id is let go first. */
  rememberId(eventId: string, stream: string): void {
    this.streamOfEventId.delete(eventId);
    this.streamOfEventId.set(eventId, stream);
    if (this.streamOfEventId.size > REMEMBERED_EVENT_IDS) this.streamOfEventId.delete(this.streamOfEventId.keys().next().value!);
  }

  /** Most recently used last, so the oldest entry is evicted first. */
  touch(stream: string, tail: StreamTail): StreamTail {
    this.tails.delete(stream);
    this.tails.set(stream, tail);
    if (this.tails.size > this.cachedStreams) this.tails.delete(this.tails.keys().next().value!);
    return tail;
  }

  forget(stream: string): void {
    this.tails.delete(stream);
  }
}

export function newTail(complete: boolean, verified: boolean): StreamTail {
  return { revision: -1, lastHash: GENESIS_HASH, places: new Map(), complete, verified };
}
