import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { LogPosition, ReadAllOptions, RecordedEvent } from '../event-store.port';
import { toStoreError, withRetry, type RetrySettings } from './esdb-errors';
import { isSystemEvent, positionOf, toPosition, toRecordedEvent } from './esdb-records';

/** A read of one stream as the client takes it: a direction, a revision or an end to start from, how many. */
export interface StreamReadOptions {
  readonly direction: typeof FORWARDS | typeof BACKWARDS;
  readonly fromRevision: bigint | typeof START | typeof END;
  readonly maxCount: number;
}

/**
 * The adapter's reads from EventStoreDB: one stream (a missing stream reads as empty), and pages of `$all` either
 * way with the server's own events left out. Transient failures are retried, the rest typed (esdb-errors.ts).
 */
export class EsdbReads {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly retry: RetrySettings,
  ) {}

  async readStreamRaw(stream: string, options: StreamReadOptions): Promise<ResolvedEvent[]> {
    try {
      return await withRetry(this.retry, async () => {
        const events: ResolvedEvent[] = [];
        for await (const resolved of this.client.readStream(stream, options)) events.push(resolved);
        return events;
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error, `read stream ${stream}`);
    }
  }

  /** A read of `$all` from a position (the server refuses one inside a record: InvalidPositionError), or an end. */
  private async readAllRaw(from: LogPosition | typeof START | typeof END, maxCount: number, backwards: boolean): Promise<ResolvedEvent[]> {
    const fromPosition = typeof from === 'number' ? toPosition(from) : from;
    try {
      return await withRetry(this.retry, async () => {
        const events: ResolvedEvent[] = [];
        for await (const resolved of this.client.readAll({ fromPosition, maxCount, direction: backwards ? BACKWARDS : FORWARDS }))
          events.push(resolved);
        return events;
      });
    } catch (error) {
      throw toStoreError(
        error,
        `read $all ${backwards ? 'backwards' : 'forwards'} from ${typeof from === 'number' ? from : 'the end'}`,
        typeof from === 'number' ? from : undefined,
      );
    }
  }

  /**
   * Pages of `$all` forwards. The server reads from a position inclusively (ReaderIndex/AllReader.cs) and this
   * client offers no server-side filter for reads, so the adapter skips the event at `after` (not at `from`) and
   * the server's own events, and reads on until the page is full or the log ends (a page is never cut short by
   * system events). Every read starts at a position the caller gave or the server returned: never a computed one.
   */
  async readAllForwards(options: ReadAllOptions, limit: number): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    // Both bounds given: start at the later one (each is checked by the server when it is the start).
    const fromFirst = options.from !== undefined && (options.after === undefined || options.from > options.after);
    let after = fromFirst ? undefined : options.after;
    let start: LogPosition | undefined = fromFirst ? options.from : options.after;
    while (page.length < limit) {
      const asked = limit - page.length + 1;
      const batch = await this.readAllRaw(start === undefined ? START : start, asked, false);
      for (const resolved of batch) {
        const position = positionOf(resolved.event?.position, resolved.event?.streamId ?? '$all');
        if (after !== undefined && position <= after) continue;
        start = position;
        after = position;
        if (isSystemEvent(resolved)) continue;
        page.push(toRecordedEvent(resolved));
        if (page.length === limit) break;
      }
      if (batch.length < asked) break;
    }
    return page;
  }

  /**
   * Pages of `$all` backwards, strictly before `before` (the server returns records ending at or before the
   * position it is given: ReaderIndex/AllReader.cs), at or before `atOrBefore` (the event starting there is read
   * forwards first, which also checks the position), and strictly after `after` when given.
   */
  async readAllBackwards(options: ReadAllOptions, limit: number): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    let before = options.before;
    if (options.atOrBefore !== undefined && (before === undefined || options.atOrBefore < before)) {
      before = options.atOrBefore;
      const [at] = await this.readAllRaw(options.atOrBefore, 1, false);
      const position = at ? positionOf(at.event?.position, at.event?.streamId ?? '$all') : undefined;
      if (at && position === options.atOrBefore && !isSystemEvent(at) && (options.after === undefined || position > options.after)) {
        page.push(toRecordedEvent(at));
      }
    }
    while (page.length < limit) {
      const asked = limit - page.length + 1;
      const batch = await this.readAllRaw(before === undefined ? END : before, asked, true);
      for (const resolved of batch) {
        const position = positionOf(resolved.event?.position, resolved.event?.streamId ?? '$all');
        if (before !== undefined && position >= before) continue;
        if (options.after !== undefined && position <= options.after) return page;
        before = position;
        if (isSystemEvent(resolved)) continue;
        page.push(toRecordedEvent(resolved));
        if (page.length === limit) break;
      }
      if (batch.length < asked) break;
    }
    return page;
  }
}
