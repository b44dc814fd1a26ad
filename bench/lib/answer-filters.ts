import type { EventStore } from '@ledger/event-store';
import type { FigureQueryParams } from '@ledger/figures';

/**
 * The time filters the answer benchmarks time, over a log of `head` events: current; asOf a business time inside the
 * demo and bench histories; knownAt half the log as a position; knownAt the recording time of the event half way
 * (a fixture written in one go spans a few seconds of recording times).
 */
export async function answerTimeFilters(events: EventStore, head: number): Promise<Record<string, FigureQueryParams>> {
  const half = Math.floor(head / 2);
  const [middle] = await events.readAll({ atOrBefore: half, direction: 'backwards', limit: 1 });
  return {
    current: {},
    asOf: { asOf: '2022-06-30' },
    knownAt: { knownAt: String(half) },
    knownAtTime: { knownAt: middle?.metadata.recordedAt ?? '2020-01-01T00:00:00Z' },
  };
}
