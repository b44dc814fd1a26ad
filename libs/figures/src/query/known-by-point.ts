import type { LogPosition } from '@ledger/event-store';
import type { FigureStore } from '../figure-store.port';
import type { LogPoint } from './figure-service';

/**
 * The log point a knownAt-by-time answer states: the last event behind the figure that the ledger knew by then
 * (its position and recording time), not the head. Known time does not follow log order (imported history), so the
 * point is found by a search over positions: "a known event after p" holds below the answer and fails above it.
 * Each probe is bounded by the part still searched, so the probes together read about as many contributions as
 * the answer itself, once or twice. Position 0 when nothing was known by then.
 */
export async function lastKnownPoint(
  store: Pick<FigureStore, 'contributions'>,
  figure: string,
  knownBy: string,
  upTo: LogPosition,
): Promise<LogPoint> {
  let best: { position: LogPosition; recordedAt: string } | undefined;
  let low = 0;
  let high = upTo;
  // Invariant: no contribution known by then lies in (high, upTo]; the last one found so far is at `low`.
  while (low < high) {
    const middle = low + Math.floor((high - low) / 2);
    const [first] = await store.contributions({ figure, filters: [], knownBy, after: middle, positionAtMost: high, limit: 1 });
    if (first) {
      best = { position: first.position, recordedAt: first.recordedAt };
      low = first.position;
    } else {
      high = middle;
    }
  }
  return best === undefined ? { position: 0, recordedAt: null, knownBy } : { ...best, knownBy };
}
