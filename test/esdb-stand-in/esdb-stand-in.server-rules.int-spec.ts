import {
  BACKWARDS,
  DeadlineExceededError,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  type Position,
} from '@eventstore/db-client';
import { startEsdbStandIn, type EsdbStandIn } from './esdb-stand-in';

/**
 * The EventStoreDB 24.10 rules the stand-in follows, checked through the real client (each rule names, in the
 * stand-in, the server file it follows), in both server-version modes (22.10 differs by sending no CaughtUp).
 */
describe.each(['24.10', '22.10'])('EventStoreDB stand-in: server rules (server %s)', (serverVersion) => {
  let standIn: EsdbStandIn;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    standIn = await startEsdbStandIn({ idCacheBytes: 40 * 3, serverVersion });
    client = EventStoreDBClient.connectionString(standIn.url);
  });

  afterEach(async () => {
    await client.dispose();
    await standIn.close();
  });

  const event = (n: number, id?: string) => jsonEvent({ type: 'Counted', data: { n }, ...(id ? { id } : {}) });
  const readAll = async (options: Parameters<EventStoreDBClient['readAll']>[0]) => {
    const out: bigint[] = [];
    for await (const resolved of client.readAll(options)) out.push(resolved.event!.position!.commit);
    return out;
  };
  const inside = (p: Position): Position => ({ commit: p.commit + 3n, prepare: p.prepare + 3n });

  it('refuses reads and subscriptions from a position inside a record, as the server does', async () => {
    const { position } = await client.appendToStream('rule-1', [event(1)]);

    await expect(readAll({ fromPosition: inside(position!), maxCount: 5 })).rejects.toMatchObject({ code: 2 /* UNKNOWN */ });
    await expect(readAll({ fromPosition: inside(position!), direction: BACKWARDS, maxCount: 5 })).rejects.toMatchObject({ code: 2 });
    const subscription = client.subscribeToAll({ fromPosition: inside(position!) });
    await expect(
      (async () => {
        for await (const _ of subscription) void _;
      })(),
    ).rejects.toMatchObject({ code: 3 /* INVALID_ARGUMENT */ });
  });

  it('reads forwards from a position inclusively, backwards before it, and subscribes strictly after it', async () => {
    await client.appendToStream('rule-2', [event(1), event(2), event(3)]);
    const positions = (await readAll({ fromPosition: START, maxCount: 100 })).slice(-3);
    const middle = { commit: positions[1], prepare: positions[1] };

    expect(await readAll({ fromPosition: middle, maxCount: 5 })).toEqual(positions.slice(1));
    expect(await readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 1 })).toEqual([positions[0]]);
    const seen: bigint[] = [];
    for await (const resolved of client.subscribeToAll({ fromPosition: middle, filter: excludeSystemEvents() })) {
      seen.push(resolved.event!.position!.commit);
      if (seen.length === 1) break;
    }
    expect(seen).toEqual([positions[2]]);
  });

  it('refuses an append over the maximum append size, and a BatchAppend whose deadline has passed', async () => {
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(1024 * 1024) } });
    await expect(client.appendToStream('rule-3', big)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
    await expect(client.appendToStream('rule-3', event(1), { deadline: 0 })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(standIn.log.streamRecords('rule-3')).toBeUndefined();
  });

  it('answers event ids in lowercase and `created` in ticks since the Unix epoch', async () => {
    const before = Date.now();
    await client.appendToStream('rule-4', event(1, 'AB0C7A3E-6B39-4F43-9C62-0B3C6AB0E001'));
    const [read] = await (async () => {
      const out = [];
      for await (const resolved of client.readStream('rule-4')) out.push(resolved.event!);
      return out;
    })();

    expect(read.id).toBe('ab0c7a3e-6b39-4f43-9c62-0b3c6ab0e001');
    expect(read.created.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(read.created.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('is idempotent as the server is: exact revision replays, ids repeat across streams, `any` forgets evicted ids', async () => {
    const ids = ['0d8c8e0e-0000-4000-8000-000000000001', '0d8c8e0e-0000-4000-8000-000000000002'];
    const first = await client.appendToStream(
      'rule-5',
      ids.map((id, i) => event(i, id)),
      { expectedRevision: 'no_stream' },
    );
    const replay = await client.appendToStream(
      'rule-5',
      ids.map((id, i) => event(i, id)),
      { expectedRevision: 'no_stream' },
    );
    expect(replay).toMatchObject({ nextExpectedRevision: 1n, position: first.position });
    // A different first id after the same revision is a conflict; a different later one too (corrupted idempotency).
    await expect(client.appendToStream('rule-5', [event(9, ids[0]), event(9)], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    // The same ids in another stream are written again: the server keeps no global id index.
    await client.appendToStream(
      'rule-5b',
      ids.map((id, i) => event(i, id)),
      { expectedRevision: 'no_stream' },
    );
    expect(standIn.log.streamRecords('rule-5b')).toHaveLength(2);
    // `any` dedupes against the committed-id cache only; this stand-in's cache holds about three ids.
    const again = await client.appendToStream('rule-5b', [event(0, ids[1])], { expectedRevision: 'any' });
    expect(again.nextExpectedRevision).toBe(1n);
    for (let i = 0; i < 4; i++) await client.appendToStream('rule-5c', event(i));
    await client.appendToStream('rule-5b', [event(0, ids[1])], { expectedRevision: 'any' });
    expect(standIn.log.streamRecords('rule-5b')).toHaveLength(3);
  });

  it('sends CaughtUp only from 23.10, again after falling behind, and Checkpoints on filtered subscriptions', async () => {
    await client.appendToStream('rule-6', [event(1)]);
    let checkpoints = 0;
    const filter = eventTypeFilter({ prefixes: ['Counted'], checkpointInterval: 1, checkpointReached: async () => void checkpoints++ });
    const subscription = client.subscribeToAll({ fromPosition: START, filter });
    let caughtUp = 0;
    subscription.on('caughtUp', () => caughtUp++);
    let seen = 0;
    for await (const _ of subscription) {
      seen++;
      // 40 events at once overflow the server's live buffer of 32: the subscription falls behind and catches up again.
      if (seen === 1)
        await client.appendToStream(
          'rule-6',
          Array.from({ length: 40 }, (_, i) => event(i + 2)),
        );
      if (seen < 41) continue;
      // The second CaughtUp follows the last event on the wire; give it a moment to arrive.
      for (let i = 0; i < 50 && standIn.sendsCaughtUp && caughtUp < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      break;
    }

    expect(checkpoints).toBeGreaterThan(0);
    expect(caughtUp).toBe(standIn.sendsCaughtUp ? 2 : 0);
  });

  it('answers an append of no events as the server does: checked against the stream, written as a record, no event', async () => {
    const { position: last } = await client.appendToStream('rule-10', [event(1), event(2)]);
    // IndexWriter.CheckCommit: at the current revision Ok; StorageWriterService.WritePrepares writes an empty prepare.
    const atHead = await client.appendToStream('rule-10', [], { expectedRevision: 1n });
    expect(atHead.nextExpectedRevision).toBe(1n);
    expect(atHead.position!.commit).toBeGreaterThan(last!.commit);
    expect(standIn.log.streamRecords('rule-10')).toHaveLength(2);
    // The empty record is a record start (a read may begin there) but no event in $all.
    const after = await readAll({ fromPosition: atHead.position!, maxCount: 10 });
    expect(after.every((p) => p > atHead.position!.commit)).toBe(true);
    for (const expectedRevision of [0n, 2n, 'no_stream'] as const) {
      await expect(client.appendToStream('rule-10', [], { expectedRevision })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    }
    await expect(client.appendToStream('rule-10-none', [], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(client.appendToStream('rule-10-none', [], { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const fresh = await client.appendToStream('rule-10-none', [], { expectedRevision: 'no_stream' });
    expect(fresh.position).toBeDefined();
    // Client 6.2.1 reads the server's NoStream answer as revision 0: an adapter must not take it for a revision.
    expect(fresh.nextExpectedRevision).toBe(0n);
    expect(standIn.log.streamRecords('rule-10-none')).toBeUndefined();

    await client.appendToStream('rule-10-gone', event(1));
    await client.tombstoneStream('rule-10-gone');
    for (const expectedRevision of [0n, 'no_stream', 'any'] as const) {
      await expect(client.appendToStream('rule-10-gone', [], { expectedRevision })).rejects.toBeInstanceOf(StreamDeletedError);
    }
  });

  it('answers appends to a soft-deleted stream as the server does: a repeat is still a repeat, no events at no_stream refused', async () => {
    const ids = ['0d8c8e0e-0000-4000-8000-000000000011', '0d8c8e0e-0000-4000-8000-000000000012'];
    const first = await client.appendToStream(
      'rule-11',
      ids.map((id, i) => event(i, id)),
      { expectedRevision: 'no_stream' },
    );
    await client.deleteStream('rule-11');
    // IndexWriter.CheckCommit: the ids right after no_stream are the stored ones: idempotent, not written again.
    const repeat = await client.appendToStream(
      'rule-11',
      ids.map((id, i) => event(i, id)),
      { expectedRevision: 'no_stream' },
    );
    expect(repeat.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(standIn.log.lastRevision('rule-11')).toBe(1);
    // No events behind the stream is WrongExpectedVersion; stream_exists on a soft-deleted stream is StreamDeleted.
    await expect(client.appendToStream('rule-11', [], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(client.appendToStream('rule-11', [], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(StreamDeletedError);
    // At its last revision an empty append is accepted and undeletes it (SoftUndeleteStream): it reads as empty.
    await client.appendToStream('rule-11', [], { expectedRevision: 1n });
    const read: bigint[] = [];
    for await (const resolved of client.readStream('rule-11')) read.push(resolved.event!.revision);
    expect(read).toEqual([]);
    const metadata = await client.getStreamMetadata('rule-11');
    expect(metadata.metadata?.truncateBefore).toBe(2);
  });

  it('answers soft-deleted, tombstoned and $maxCount-truncated streams as the server does', async () => {
    await client.appendToStream('rule-7', [event(1), event(2)]);
    await client.deleteStream('rule-7');
    const read = async (stream: string) => {
      const direction = FORWARDS;
      const out: bigint[] = [];
      for await (const resolved of client.readStream(stream, { direction, fromRevision: direction === FORWARDS ? START : undefined }))
        out.push(resolved.event!.revision);
      return out;
    };
    await expect(read('rule-7')).rejects.toBeInstanceOf(StreamNotFoundError);
    const revived = await client.appendToStream('rule-7', event(3), { expectedRevision: 'no_stream' });
    expect(revived.nextExpectedRevision).toBe(2n);
    expect(await read('rule-7')).toEqual([2n]);

    await client.appendToStream('rule-8', event(1));
    await client.tombstoneStream('rule-8');
    await expect(read('rule-8')).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.appendToStream('rule-8', event(2))).rejects.toBeInstanceOf(StreamDeletedError);

    await client.appendToStream('rule-9', [event(1), event(2), event(3)]);
    await client.setStreamMetadata('rule-9', { maxCount: 2 });
    expect(await read('rule-9')).toEqual([1n, 2n]);
  });
});
