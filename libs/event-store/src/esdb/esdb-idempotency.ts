import { FORWARDS } from '@eventstore/db-client';
import { refuseBadOrRepeatedIds, refuseIdsOfOtherStreams, refuseMixedRetry } from '../append-rules';
import { IdempotencyConflictError } from '../event-store.errors';
import type { AppendResult, EventIdRegistry, EventToAppend, RecordedEvent } from '../event-store.port';
import type { EsdbReads } from './esdb-reads';
import { sameContent, toRecordedEvent } from './esdb-records';
import type { Place, StreamTail, StreamTails } from './esdb-stream-tails';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB event ids are UUIDs; one append cannot carry the same id twice. */
export function checkEventIds(stream: string, events: readonly EventToAppend[]): void {
  refuseBadOrRepeatedIds(stream, events, (id) => UUID_PATTERN.test(id), 'a UUID');
}

/**
 * Which appends are retries. Ids no writer has claimed (this process's memory, and the shared registry when given)
 * cannot be; ids claimed for another stream are refused; ids already in the stream are a retry only when every
 * id of the append is, and the stored events say the same.
 */
export class EsdbIdempotency {
  constructor(
    private readonly tails: StreamTails,
    private readonly reads: EsdbReads,
    private readonly eventIds: EventIdRegistry | undefined,
  ) {}

  /**
   * Claims the ids for `stream`, in this process and in the shared registry when there is one. True when no writer
   * had sent any of them: the append cannot be a retry, so no stored event needs reading first. Ids claimed for
   * another stream are refused (IdempotencyConflictError), and what this call claimed is let go again.
   */
  async claimIds(stream: string, events: readonly EventToAppend[]): Promise<boolean> {
    const ids = events.map((e) => e.eventId);
    refuseIdsOfOtherStreams(stream, this.tails.idsOfOtherStreams(stream, ids));
    if (ids.some((id) => this.tails.knowsId(id))) return false;
    for (const id of ids) this.tails.rememberId(id, stream);
    if (this.eventIds === undefined) return true;
    let claimed: ReadonlyMap<string, string>;
    try {
      claimed = await this.eventIds.claim(stream, ids);
    } catch (error) {
      for (const id of ids) this.tails.forgetId(id);
      throw error;
    }
    const elsewhere = ids.filter((id) => claimed.has(id) && claimed.get(id) !== stream);
    if (elsewhere.length > 0) for (const id of ids) this.tails.forgetId(id);
    refuseIdsOfOtherStreams(stream, elsewhere);
    return claimed.size === 0;
  }

  /**
   * Every event id already in the stream: a retry, answered with the original places once what is stored has been
   * read and found to say the same (another process may have written those ids with other content). Some, or ids
   * of another stream: refused.
   */
  async findRetry(stream: string, tail: StreamTail, events: readonly EventToAppend[]): Promise<AppendResult | undefined> {
    refuseIdsOfOtherStreams(
      stream,
      this.tails.idsOfOtherStreams(
        stream,
        events.map((e) => e.eventId),
      ),
    );
    const places = events.map((e) => tail.places.get(e.eventId));
    const stored = events.filter((_, i) => places[i] !== undefined).map((e) => e.eventId);
    if (stored.length === 0) return undefined;
    if (stored.length < events.length) refuseMixedRetry(stream, stored);
    const found = places as Place[];
    const storedEvents = await this.checkStoredContent(stream, events, found);
    const positions = events.map((e) => storedEvents.get(e.eventId)!.position);
    return {
      stream,
      nextExpectedRevision: Math.max(...found.map((p) => p.revision)),
      lastPosition: positions[positions.length - 1],
      positions,
      revisions: found.map((p) => p.revision),
      eventIds: events.map((e) => e.eventId),
      duplicate: true,
    };
  }

  /** Reads the stored events at `places` and refuses the retry when one says something else than `events`. */
  private async checkStoredContent(
    stream: string,
    events: readonly EventToAppend[],
    places: readonly Place[],
  ): Promise<Map<string, RecordedEvent>> {
    const low = Math.min(...places.map((p) => p.revision));
    const high = Math.max(...places.map((p) => p.revision));
    const stored = new Map(
      (await this.reads.readStreamRaw(stream, { direction: FORWARDS, fromRevision: BigInt(low), maxCount: high - low + 1 })).map((r) => {
        const event = toRecordedEvent(r);
        return [event.eventId, event] as const;
      }),
    );
    const differing = events.filter((e) => {
      const found = stored.get(e.eventId);
      return found === undefined || !sameContent(found, e);
    });
    if (differing.length > 0) {
      throw new IdempotencyConflictError(
        `event id(s) ${differing.map((e) => e.eventId).join(', ')} are stored in ${stream} with other content: not a retry of the same events`,
        differing.map((e) => e.eventId),
      );
    }
    return stored;
  }
}
