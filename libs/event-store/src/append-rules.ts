import { IdempotencyConflictError } from './event-store.errors';
import type { EventToAppend, ExpectedRevision, StreamRevision } from './event-store.port';

/** Rules every adapter applies to an append the same way, whatever the store underneath. */

/** Whether a stream at `actual` (-1: it does not exist) meets the append's expected revision. */
export function matchesExpected(expected: ExpectedRevision, actual: StreamRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1;
    case 'stream_exists':
      return actual >= 0;
    default:
      return expected === actual;
  }
}

/**
 * The recordedAt of the next append: the clock's reading in canonical ISO form, but never earlier than `last` (the
 * latest recordedAt already written), so recordedAt never goes back in log order when the clock does.
 */
export function nextRecordedAt(clock: () => string, last: string | undefined): string {
  const reading = clock();
  const instant = new Date(reading);
  if (Number.isNaN(instant.getTime())) throw new Error(`event store clock returned ${JSON.stringify(reading)}, not an ISO instant`);
  const now = instant.toISOString();
  return last !== undefined && last > now ? last : now;
}

/**
 * Refuses an append whose event ids are not ids this store accepts (`isEventId`, described by `kind`: a TypeError)
 * or that carries the same id twice (IdempotencyConflictError), checking the events in order.
 */
export function refuseBadOrRepeatedIds(
  stream: string,
  events: readonly EventToAppend[],
  isEventId: (id: string) => boolean,
  kind: string,
): void {
  const seen = new Set<string>();
  for (const { eventId } of events) {
    if (typeof eventId !== 'string' || !isEventId(eventId)) throw new TypeError(`event id must be ${kind}, got ${String(eventId)}`);
    if (seen.has(eventId)) throw new IdempotencyConflictError(`event id ${eventId} appears twice in one append to ${stream}`, [eventId]);
    seen.add(eventId);
  }
}

/** Refuses ids already stored (or claimed) in another stream than `stream`; none, nothing to refuse. */
export function refuseIdsOfOtherStreams(stream: string, elsewhere: readonly string[]): void {
  if (elsewhere.length === 0) return;
  throw new IdempotencyConflictError(`event id(s) ${elsewhere.join(', ')} are already stored in another stream than ${stream}`, elsewhere);
}

/** Refuses an append of which some ids (`stored`) are already stored and the others are new: not a retry. */
export function refuseMixedRetry(stream: string, stored: readonly string[]): never {
  throw new IdempotencyConflictError(
    `append to ${stream} mixes ${stored.length} already stored event id(s) (${stored.join(', ')}) with new ones: a retry must repeat the same events`,
    stored,
  );
}
