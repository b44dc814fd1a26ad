import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalEventLeafJson, eventLeaf, eventLeafBytes, eventLeafHash, eventLeafJson } from './leaf';
import { chainedEvents } from './testing/chained-events';

describe('event leaf bytes', () => {
  it('are the canonical JSON of position, stream, revision, eventId, contentHash and prevHash', () => {
    const [event] = chainedEvents(1);
    expect(eventLeafBytes(eventLeaf(event)).toString('utf8')).toBe(
      `{"contentHash":"${event.metadata.contentHash}","eventId":"${event.eventId}","position":1,"prevHash":"${'0'.repeat(64)}","revision":0,"stream":"training-0"}`,
    );
    expect(eventLeafHash(event).toString('hex')).toBe(
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(eventLeafBytes(eventLeaf(event)))
        .digest('hex'),
    );
  });

  it('match the generic canonical JSON for any strings and numbers', () => {
    fc.assert(
      fc.property(
        fc.record({
          position: fc.maxSafeNat(),
          stream: fc.string({ unit: 'binary' }),
          revision: fc.nat(),
          eventId: fc.string({ unit: 'binary' }),
          contentHash: fc.string(),
          prevHash: fc.string(),
        }),
        (leaf) => expect(eventLeafJson(leaf)).toBe(canonicalEventLeafJson(leaf)),
      ),
      { numRuns: 50 },
    );
  });

  it('change with the place of the event, which its content hash does not cover', () => {
    const [event] = chainedEvents(1);
    expect(eventLeafHash({ ...event, position: 2 }).equals(eventLeafHash(event))).toBe(false);
    expect(eventLeafHash({ ...event, revision: 1 }).equals(eventLeafHash(event))).toBe(false);
  });
});
