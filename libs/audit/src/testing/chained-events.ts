import { contentHash, GENESIS_HASH, type RecordedEvent } from '@ledger/event-store';

/**
 * A valid global log for tests and benchmarks: `count` events spread round-robin over `streams` streams, each
 * with a correct contentHash and prevHash chain, positions 1..count. Deterministic.
 */
export function chainedEvents(count: number, streams = 3, firstPosition = 1): RecordedEvent[] {
  const tips = new Map<string, { revision: number; hash: string }>();
  const events: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) events.push(nextChainedEvent(tips, `training-${i % streams}`, firstPosition + i, i));
  return events;
}

/** Appends one correctly chained event to `stream`, given the streams' tips (updated in place). */
export function nextChainedEvent(
  tips: Map<string, { revision: number; hash: string }>,
  stream: string,
  position: number,
  seed: number,
): RecordedEvent {
  const tip = tips.get(stream);
  const revision = tip === undefined ? 0 : tip.revision + 1;
  const eventId = `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}`;
  const type = 'TrainingSessionRecorded';
  const data = { participants: 1 + (seed % 40), country: 'MX', deliveredOn: '2024-03-01' };
  const metadata = { actor: 'service:training', recordedAt: new Date(Date.UTC(2024, 0, 1) + seed * 1000).toISOString() };
  const hash = contentHash({ stream, eventId, type, schemaVersion: 1, data, metadata });
  tips.set(stream, { revision, hash });
  return {
    position,
    stream,
    revision,
    eventId,
    type,
    schemaVersion: 1,
    data,
    metadata: { ...metadata, contentHash: hash, prevHash: tip?.hash ?? GENESIS_HASH },
  };
}

export async function* asAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}
