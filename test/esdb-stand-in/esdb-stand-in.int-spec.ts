import {
  EventStoreDBClient,
  FORWARDS,
  BACKWARDS,
  END,
  START,
  excludeSystemEvents,
  jsonEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { startEsdbStandIn, type EsdbStandIn } from './esdb-stand-in';

/** The stand-in checked through the real client: what it answers must be what the client expects. */
describe.each([
  ['BatchAppend advertised', true],
  ['Append only', false],
])('EventStoreDB protocol stand-in (%s)', (_name, batchAppend) => {
  let standIn: EsdbStandIn;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    standIn = await startEsdbStandIn({ batchAppend });
    client = EventStoreDBClient.connectionString(standIn.url);
  });

  afterEach(async () => {
    await client.dispose();
    await standIn.close();
  });

  const event = (n: number) => jsonEvent({ type: 'Counted', data: { n }, metadata: { actor: 'test' } });

  it('appends with the expected revision and reads the stream back in both directions', async () => {
    const first = await client.appendToStream('counter-1', [event(1), event(2)], { expectedRevision: 'no_stream' });
    const second = await client.appendToStream('counter-1', event(3), { expectedRevision: first.nextExpectedRevision });

    expect(first.nextExpectedRevision).toBe(1n);
    expect(second.nextExpectedRevision).toBe(2n);
    expect(second.position!.commit > first.position!.commit).toBe(true);
    const forwards = [];
    for await (const resolved of client.readStream('counter-1', { direction: FORWARDS, fromRevision: START }))
      forwards.push(resolved.event!);
    expect(forwards.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(forwards.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(forwards[0].metadata).toEqual({ actor: 'test' });
    const backwards = [];
    for await (const resolved of client.readStream('counter-1', { direction: BACKWARDS, fromRevision: END, maxCount: 2 }))
      backwards.push(resolved.event!.revision);
    expect(backwards).toEqual([2n, 1n]);
  });

  it('answers a wrong expected revision with the current one, which the client turns into its error', async () => {
    await client.appendToStream('counter-2', event(1), { expectedRevision: 'no_stream' });

    await expect(client.appendToStream('counter-2', event(2), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(client.appendToStream('counter-2', event(2), { expectedRevision: 5n })).rejects.toMatchObject({
      actualVersion: 0n,
      expectedVersion: 5n,
    });
  });

  it('treats a write of the same event ids after the same revision as already done', async () => {
    const events = [event(1), event(2)];
    const original = await client.appendToStream('counter-3', events, { expectedRevision: 'no_stream' });
    const retried = await client.appendToStream('counter-3', events, { expectedRevision: 'no_stream' });

    expect(retried).toMatchObject({ nextExpectedRevision: original.nextExpectedRevision, position: original.position });
    expect(standIn.log.streamRecords('counter-3')).toHaveLength(2);
  });

  it('answers a read of a missing stream with StreamNotFound', async () => {
    const read = async () => {
      for await (const _ of client.readStream('nothing-here')) void _;
    };
    await expect(read()).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('reads $all forwards and backwards with its own events among the server system events', async () => {
    await client.appendToStream('counter-4', [event(1), event(2), event(3)]);
    const forwards: AllStreamResolvedEvent[] = [];
    for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) forwards.push(resolved);
    const backwards: AllStreamResolvedEvent[] = [];
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 })) backwards.push(resolved);

    expect(forwards.map((r) => r.event!.type)).toEqual([
      '$epoch-information',
      '$metadata',
      '$user',
      '$User',
      '$user',
      '$User',
      'Counted',
      'Counted',
      'Counted',
    ]);
    const commits = forwards.map((r) => r.event!.position!.commit);
    expect([...commits].sort((a, b) => (a < b ? -1 : 1))).toEqual(commits);
    // The epoch record sits at 0: no event is at 0 or 1, and positions are byte offsets, not consecutive.
    expect(commits[0]).toBeGreaterThan(1n);
    expect(commits[7] - commits[6]).toBeGreaterThan(1n);
    expect(backwards.map((r) => r.event!.position!.commit)).toEqual([commits[8], commits[7]]);
    const fromSecond: AllStreamResolvedEvent[] = [];
    for await (const resolved of client.readAll({ fromPosition: forwards[7].event!.position!, maxCount: 10 })) fromSecond.push(resolved);
    expect(fromSecond.map((r) => r.event!.position!.commit)).toEqual([commits[7], commits[8]]);
  });

  it('subscribes to $all with a server-side filter: confirmation, catch-up, caught-up, then live events', async () => {
    await client.appendToStream('counter-5', [event(1), event(2)]);
    const subscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
    let confirmed = false;
    let caughtUpAfter = -1;
    const seen: number[] = [];
    subscription.on('confirmation', () => (confirmed = true));
    subscription.on('caughtUp', () => (caughtUpAfter = seen.length + subscription.readableLength));
    for await (const resolved of subscription) {
      seen.push((resolved.event!.data as { n: number }).n);
      if (seen.length === 2) await client.appendToStream('counter-5', event(3));
      if (seen.length === 3) break;
    }

    expect(confirmed).toBe(true);
    expect(caughtUpAfter).toBe(standIn.sendsCaughtUp ? 2 : -1);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('records what the client asks for on connect and which append method it picks', async () => {
    await client.appendToStream('counter-6', event(1));
    for await (const _ of client.readStream('counter-6')) void _;

    expect(standIn.calls.map((c) => c.method)).toEqual(['GetSupportedMethods', batchAppend ? 'BatchAppend' : 'Append', 'Read']);
    expect(Object.keys(standIn.calls[0].metadata)).toContain('user-agent');
    expect(Object.keys(standIn.calls[1].metadata)).toEqual(expect.arrayContaining(['connection-name', 'user-agent']));
  });
});
