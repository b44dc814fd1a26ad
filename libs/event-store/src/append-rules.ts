import type { ExpectedRevision, StreamRevision } from './event-store.port';

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
