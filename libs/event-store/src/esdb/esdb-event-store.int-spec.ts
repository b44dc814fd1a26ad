import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { EventStoreRefusedError, EventStoreUnavailableError, IdempotencyConflictError, InvalidPositionError } from '../event-store.errors';
import { contentHash } from '../content-hash';
import { describeEventStoreContract } from '../../test/event-store.contract';
import { InMemoryEventIdRegistry } from '../event-id-registry';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { startEsdbStandIn, type EsdbStandIn } from '../../../../test/esdb-stand-in/esdb-stand-in';
import { EsdbEventStore } from './esdb-event-store';

// The one contract suite, through the real client over gRPC, against the protocol stand-in: with BatchAppend
// advertised (what a current server does, and what the client then uses) and with plain Append only.
// Both server-version modes: 24.10 (CaughtUp on subscriptions) and 22.10 (none; the adapter detects catching up).
// Once more with a shared event-id registry (what DATABASE_URL gives: PostgreSQL's, here one in memory).
for (const [batchAppend, serverVersion, registry] of [
  [true, '24.10', false],
  [false, '24.10', false],
  [true, '22.10', false],
  [true, '24.10', true],
] as const) {
  const name = `${batchAppend ? 'BatchAppend' : 'Append'}, server ${serverVersion}${registry ? ', shared event-id registry' : ''}`;
  describeEventStoreContract(`EventStoreDB adapter over the protocol stand-in (${name})`, async () => {
    const standIn = await startEsdbStandIn({ batchAppend, serverVersion });
    const store = EsdbEventStore.connect(standIn.url, registry ? { eventIds: new InMemoryEventIdRegistry() } : {});
    return {
      store,
      close: async () => {
        await store.close();
        await standIn.close();
      },
    };
  });
}

// Against a real EventStoreDB (or cluster) when EVENTSTORE_URL is set, e.g. the one docker/ starts:
//   EVENTSTORE_URL='esdb://localhost:2113?tls=false' npx jest libs/event-store/src/esdb
const realServer = process.env.EVENTSTORE_URL;
if (realServer) {
  describeEventStoreContract(`EventStoreDB adapter against a real server (${redact(realServer)})`, async () => ({
    store: EsdbEventStore.connect(realServer),
  }));
} else {
  describe('EventStoreDB adapter against a real server: not run, EVENTSTORE_URL is not set', () => {
    it.todo('set EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false) to run the contract suite against a real EventStoreDB');
  });
}

describe('EventStoreDB adapter: faults, over the protocol stand-in', () => {
  let standIn: EsdbStandIn;
  let store: EsdbEventStore;

  beforeEach(async () => {
    standIn = await startEsdbStandIn();
    store = EsdbEventStore.connect(standIn.url, { resubscribeDelayMs: 5, retry: RETRY });
  });

  afterEach(async () => {
    await store.close();
    await standIn.close();
  });

  const appendEvents = (stream: string, count: number, from = 0) => appendEventsWith(store, stream, count, from);

  it('resumes a subscription dropped mid-catch-up exactly where it was: no gap, nothing twice', async () => {
    const stream = newStream();
    const written = await appendEvents(stream, 40);
    standIn.dropSubscriptionsAfter(15);
    standIn.dropSubscriptionsAfter(10);

    const delivered = await take(store.subscribeToAll(), 40);

    expect(delivered.map((e) => e.eventId)).toEqual(written);
    expect(standIn.calls.filter((c) => c.kind === 'subscribe-all')).toHaveLength(3);
  });

  it('ends a subscription aborted while it subscribes, before its stream is open (a projector stopped as it starts)', async () => {
    await appendEvents(newStream(), 1);
    const abort = new AbortController();
    // From the head: nothing to deliver, so only the abort can end it.
    const iterator = store.subscribeToAll({ signal: abort.signal, after: await store.headPosition() })[Symbol.asyncIterator]();
    const next = iterator.next();
    abort.abort();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });

  it('resumes a subscription dropped while live: the events written during and after the drop arrive once each', async () => {
    const stream = newStream();
    const early = await appendEvents(stream, 5);
    const abort = new AbortController();
    let caughtUp!: () => void;
    const caughtUpOnce = new Promise<void>((resolve) => (caughtUp = resolve));
    const delivered: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const event of store.subscribeToAll({ signal: abort.signal, onCaughtUp: () => caughtUp() })) {
        delivered.push(event);
        if (delivered.length === 15) abort.abort();
      }
    })();
    await caughtUpOnce;

    const live = await appendEvents(stream, 4, early.length);
    await until(() => delivered.length === 9);
    standIn.dropSubscriptions();
    const duringDrop = await appendEvents(stream, 3, early.length + live.length);
    const afterDrop = await appendEvents(stream, 3, early.length + live.length + duringDrop.length);
    await consuming;

    expect(delivered.map((e) => e.eventId)).toEqual([...early, ...live, ...duringDrop, ...afterDrop]);
    expect(delivered.map((e) => e.revision)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(standIn.calls.filter((c) => c.kind === 'subscribe-all').length).toBeGreaterThanOrEqual(2);
  });

  it.each(['BatchAppend', 'Append'] as const)(
    'surfaces a refused %s as EventStoreUnavailableError naming the stream, and appends nothing',
    async (method) => {
      await store.close();
      await standIn.close();
      standIn = await startEsdbStandIn({ batchAppend: method === 'BatchAppend' });
      store = EsdbEventStore.connect(standIn.url, { retry: RETRY });
      const stream = newStream();
      standIn.refuse(method, { message: 'node is shutting down', times: RETRY.attempts });

      const failure = store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });

      await expect(failure).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(failure).rejects.toThrow(
        new RegExp(`could not append 1 event\\(s\\) to ${stream}: unavailable .*node is shutting down`),
      );
      expect(await store.readStream(stream)).toEqual([]);
      expect(standIn.log.streamRecords(stream)).toBeUndefined();
      // The connection recovers: the same append goes in once the server accepts again.
      const retried = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      expect(retried.revisions).toEqual([0]);
    },
  );

  it('reports a read the server refuses as EventStoreUnavailableError', async () => {
    standIn.refuse('Read', { message: 'not ready', times: RETRY.attempts });

    await expect(store.readStream(newStream())).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('retries a transient refusal with back-off and writes the events once', async () => {
    const stream = newStream();
    standIn.refuse('BatchAppend', { message: 'not leader yet', times: RETRY.attempts - 1 });

    const result = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });

    expect(result.revisions).toEqual([0]);
    expect(standIn.log.streamRecords(stream)).toHaveLength(1);
    expect(standIn.calls.filter((c) => c.method === 'BatchAppend').length).toBeGreaterThanOrEqual(RETRY.attempts);
  });

  it('never retries a permanent refusal: access denied, unimplemented and an append over 1 MiB are typed errors', async () => {
    const reads = () => standIn.calls.filter((c) => c.method === 'Read').length;
    const before = reads();
    standIn.refuse('Read', { code: grpc.status.PERMISSION_DENIED, message: 'Access Denied', times: RETRY.attempts });
    await expect(store.readStream(newStream())).rejects.toMatchObject({ name: 'EventStoreRefusedError', reason: 'access_denied' });
    expect(reads() - before).toBe(1);
    standIn.refuse('Read', { code: grpc.status.UNIMPLEMENTED, message: 'not here', times: RETRY.attempts });
    await expect(store.readAll()).rejects.toMatchObject({ reason: 'unimplemented' });
    standIn.refuse('Read', { times: 0 });

    const big = { ...newEvent(), data: { blob: 'x'.repeat(1024 * 1024) } };
    const stream = newStream();
    await expect(store.appendToStream(stream, [big], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(EventStoreRefusedError);
    await expect(store.appendToStream(stream, [big], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      reason: 'append_too_large',
    });
    expect(standIn.log.streamRecords(stream)).toBeUndefined();
  });

  it('refuses a read bound or a checkpoint inside a record with InvalidPositionError, not retried', async () => {
    const stream = newStream();
    await appendEvents(stream, 2);
    const [first] = await store.readStream(stream);
    const inside = first.position + 3;

    await expect(store.readAll({ after: inside })).rejects.toBeInstanceOf(InvalidPositionError);
    await expect(store.readAll({ from: inside })).rejects.toBeInstanceOf(InvalidPositionError);
    await expect(store.readAll({ direction: 'backwards', atOrBefore: inside })).rejects.toBeInstanceOf(InvalidPositionError);
    const subscribes = () => standIn.calls.filter((c) => c.kind === 'subscribe-all').length;
    const before = subscribes();
    await expect(take(store.subscribeToAll({ after: inside }), 1)).rejects.toBeInstanceOf(InvalidPositionError);
    expect(subscribes() - before).toBe(1);
    // The position of an event, and the head, are fine.
    expect(await store.readAll({ direction: 'backwards', atOrBefore: first.position, limit: 1 })).toEqual([first]);
  });

  it('stores ids in lowercase as the server does, hashed as stored', async () => {
    const stream = newStream();
    const event = { ...newEvent(), eventId: randomUUID().toUpperCase() };

    const result = await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
    const [read] = await store.readStream(stream);

    expect(result.eventIds).toEqual([event.eventId.toLowerCase()]);
    expect(read.eventId).toBe(event.eventId.toLowerCase());
    const { contentHash: hash, prevHash: _p, ...metadata } = read.metadata;
    expect(
      contentHash({ stream, eventId: read.eventId, type: read.type, schemaVersion: read.schemaVersion, data: read.data, metadata }),
    ).toBe(hash);
  });

  describe('several writers sharing an event-id registry (DATABASE_URL)', () => {
    const registry = new InMemoryEventIdRegistry();
    const writers: EsdbEventStore[] = [];
    const writer = () => {
      const opened = EsdbEventStore.connect(standIn.url, { retry: RETRY, eventIds: registry });
      writers.push(opened);
      return opened;
    };
    afterEach(async () => {
      await Promise.all(writers.splice(0).map((w) => w.close()));
    });

    it('refuses a retry whose event ids another process stored with other content, instead of assuming it is the same', async () => {
      const stream = newStream();
      const event = newEvent(1);
      await writer().appendToStream(stream, [{ ...event, data: { n: 2 } }], { expectedRevision: 'no_stream' });

      await expect(writer().appendToStream(stream, [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        IdempotencyConflictError,
      );
      expect(standIn.log.streamRecords(stream)).toHaveLength(1);
    });

    it('recognises a retry of events that another writer already stored', async () => {
      const stream = newStream();
      const events = [newEvent(), newEvent()];
      const original = await writer().appendToStream(stream, events, { expectedRevision: 'no_stream' });

      const retried = await writer().appendToStream(stream, events, { expectedRevision: 'no_stream' });

      expect(retried).toMatchObject({ ...original, duplicate: true });
      expect(retried.positions).toEqual(standIn.log.streamRecords(stream)!.map((r) => r.position));
      expect(standIn.log.streamRecords(stream)).toHaveLength(2);
    });

    it('two writers racing with the same events: one writes, the other answers a checked retry and chains to what is stored', async () => {
      const stream = newStream();
      await writer().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const clocks = ['2030-01-01T00:00:00.000Z', '2030-01-01T00:00:01.000Z'];
      const [a, b] = clocks.map((at) => {
        const opened = EsdbEventStore.connect(standIn.url, { retry: RETRY, eventIds: registry, clock: () => at });
        writers.push(opened);
        return opened;
      });
      await Promise.all([a.readStream(stream), b.readStream(stream)]);
      const event = newEvent(7);

      const answers = await Promise.all([a, b].map((w) => w.appendToStream(stream, [event], { expectedRevision: 0 })));
      await b.appendToStream(stream, [newEvent(8)], { expectedRevision: 1 });
      await a.appendToStream(stream, [newEvent(9)], { expectedRevision: 2 });

      expect(answers.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(answers[0]).toMatchObject({ revisions: [1], positions: answers[1].positions });
      const read = await writer().readStream(stream);
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      expect(read.slice(1).map((e) => e.metadata.prevHash)).toEqual(read.slice(0, -1).map((e) => e.metadata.contentHash));
    });

    it('refuses an event id another writer claimed for another stream, and writes nothing', async () => {
      const event = newEvent();
      const [first, second] = [newStream(), newStream()];
      await writer().appendToStream(first, [event], { expectedRevision: 'no_stream' });

      await expect(writer().appendToStream(second, [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(standIn.log.streamRecords(second)).toBeUndefined();
    });
  });

  it('checks an append of no events (a citation guard) against the server, not against a tail another process moved', async () => {
    const cited = newStream();
    const own = newStream();
    await appendEvents(cited, 2);
    await store.readStream(cited);
    const other = EsdbEventStore.connect(standIn.url);
    await other.appendToStream(cited, [newEvent(2)], { expectedRevision: 1 });
    await other.close();

    const unmoved = newStream();
    await appendEvents(unmoved, 1);
    for (const guards of [[], [{ stream: unmoved, events: [], expectedRevision: 0 }]]) {
      // Behind a guard that held, still the plain error: appends of no events stored nothing.
      await expect(
        store.appendMany([
          ...guards,
          { stream: cited, events: [], expectedRevision: 1 },
          { stream: own, events: [newEvent()], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        actual: 2,
      });
    }
    expect(standIn.log.streamRecords(own)).toBeUndefined();
    expect(await store.appendToStream(cited, [], { expectedRevision: 2 })).toMatchObject({ nextExpectedRevision: 2, revisions: [] });
    await expect(store.appendToStream(cited, [], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
    });
    expect(await store.appendToStream(newStream(), [], { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: -1 });
    expect(await store.appendToStream(cited, [], { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 2 });
    expect(standIn.log.streamRecords(cited)).toHaveLength(3);
  });

  it("two appends of the same new events at once in one process: the later waits, so neither takes the other's write for its own", async () => {
    const stream = newStream();
    let tick = 0;
    const slowClaims = new InMemoryEventIdRegistry();
    // The first claim is slow (a PostgreSQL round trip): the second append, seeing the ids claimed here, goes on.
    const eventIds = {
      claim: async (s: string, ids: readonly string[]) => (
        await new Promise((r) => setTimeout(r, tick === 1 ? 30 : 0)),
        slowClaims.claim(s, ids)
      ),
    };
    await store.close(); // lets this writer's client be the process's BatchAppend one, whose answers the stand-in holds
    const writer = EsdbEventStore.connect(standIn.url, {
      retry: RETRY,
      eventIds,
      clock: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString(),
    });
    try {
      await writer.appendToStream(stream, [newEvent(0)], { expectedRevision: 'no_stream' });
      const event = newEvent(1);
      const release = standIn.holdBatchAppendAnswers();
      const both = Promise.all([0, 1].map(() => writer.appendToStream(stream, [event], { expectedRevision: 0 })));
      await new Promise((resolve) => setTimeout(resolve, 80));
      release();
      const answers = await both;
      await writer.appendToStream(stream, [newEvent(2)], { expectedRevision: 1 });

      expect(answers.map((a) => a.revisions)).toEqual([[1], [1]]);
      const read = await writer.readStream(stream);
      expect(read).toHaveLength(3);
      expect(read[2].metadata.prevHash).toBe(read[1].metadata.contentHash);
    } finally {
      await writer.close();
    }
  });

  it("without a registry, a stream begun blind over another writer's events keeps a true chain: its next append reads what is stored", async () => {
    const stream = newStream();
    const event = newEvent(1);
    const other = EsdbEventStore.connect(standIn.url);
    await other.appendToStream(stream, [{ ...event, data: { n: 2 } }], { expectedRevision: 'no_stream' });
    await other.close();

    // The server answers ids it already holds at that revision as a success (IndexWriter.CheckCommit): taken as this write.
    await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, [newEvent(3)], { expectedRevision: 0 });

    const read = await store.readStream(stream);
    expect(read.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(read[1].metadata.prevHash).toBe(read[0].metadata.contentHash);
  });

  it('counts itself caught up on a server older than 23.10, which sends no CaughtUp', async () => {
    const old = await startEsdbStandIn({ serverVersion: '22.10' });
    const oldStore = EsdbEventStore.connect(old.url);
    try {
      const stream = newStream();
      await appendEventsWith(oldStore, stream, 2);
      const abort = new AbortController();
      const reports: (number | undefined)[] = [];
      const seen: RecordedEvent[] = [];
      for await (const event of oldStore.subscribeToAll({ signal: abort.signal, onCaughtUp: (p) => (reports.push(p), abort.abort()) }))
        seen.push(event);

      expect(old.sendsCaughtUp).toBe(false);
      expect(seen).toHaveLength(2);
      expect(reports).toEqual([seen[1].position]);
    } finally {
      await oldStore.close();
      await old.close();
    }
  });

  it("guards client 6.2.1 BatchAppend: an error on one client no longer rejects or crashes another client's appends", async () => {
    // Reproduces the upstream bug with the raw client, in a child process: the other client's in-flight append
    // is rejected although it was written, and its late answer throws a TypeError that ends the process.
    const child = fork(join(__dirname, '..', '..', '..', '..', 'test', 'esdb-stand-in', 'batch-append-bug.child.ts'), [], {
      execArgv: ['--require', join(__dirname, '..', '..', '..', '..', 'bench', 'support', 'register.js')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(JSON.parse(stdout.split('\n')[0])).toEqual({ inFlight: 'UnavailableError', writtenOnB: 2 });
    expect(stdout).not.toContain('no crash');
    expect(code).not.toBe(0);
    expect(stderr).toContain('TypeError');

    const other = await startEsdbStandIn();
    // The same through two adapters: the second one's client uses Append, and a BatchAppend failure of the first
    // is retried by it; both appends are answered right, nothing throws, nothing is written twice.
    const storeB = EsdbEventStore.connect(other.url, { retry: RETRY });
    try {
      const streamA = newStream();
      const streamB = newStream();
      await appendEvents(streamA, 1);
      await appendEventsWith(storeB, streamB, 1);
      const inFlight = storeB.appendToStream(streamB, [newEvent(1)], { expectedRevision: 0 });
      standIn.refuse('BatchAppend');
      const failedOnce = await store.appendToStream(streamA, [newEvent(1)], { expectedRevision: 0 });

      expect((await inFlight).revisions).toEqual([1]);
      expect(failedOnce.revisions).toEqual([1]);
      expect(other.log.streamRecords(streamB)).toHaveLength(2);
      expect(standIn.log.streamRecords(streamA)).toHaveLength(2);
      expect(other.calls.filter((c) => c.method === 'BatchAppend')).toHaveLength(0);
      expect(other.calls.filter((c) => c.method === 'Append')).toHaveLength(2);
    } finally {
      await storeB.close();
      await other.close();
    }
  });

  it("keeps the server's own events out of readAll, headPosition and subscriptions, also between ledger events", async () => {
    const stream = newStream();
    const [first] = await appendEvents(stream, 1);
    standIn.log.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    const [second] = await appendEvents(stream, 1, 1);
    standIn.log.appendSystemEvent('$$' + stream, '$metadata');

    const all = await store.readAll();
    const head = await store.headPosition();
    const subscribed = await take(store.subscribeToAll(), 2);

    expect(all.map((e) => e.eventId)).toEqual([first, second]);
    expect(head).toBe(all[1].position);
    expect(subscribed.map((e) => e.eventId)).toEqual([first, second]);
    expect(await store.readAll({ limit: 1, after: all[0].position })).toEqual([all[1]]);
  });

  it('concurrent appends with `any` to one stream are chained one after another, each reporting its own place', async () => {
    const stream = newStream();
    await appendEvents(stream, 1);
    const events = Array.from({ length: 6 }, (_, i) => newEvent(i));

    const results = await Promise.all(events.map((event) => store.appendToStream(stream, [event], { expectedRevision: 'any' })));

    const read = await store.readStream(stream);
    expect(read).toHaveLength(7);
    for (const [i, result] of results.entries()) {
      const stored = read.find((e) => e.eventId === events[i].eventId)!;
      expect([result.revisions, result.positions]).toEqual([[stored.revision], [stored.position]]);
    }
    expect(read.slice(1).map((e) => e.metadata.prevHash)).toEqual(read.slice(0, -1).map((e) => e.metadata.contentHash));
  });

  it('recognises a retry of events whose answer was lost, once the stream has been read', async () => {
    const stream = newStream();
    const events = [newEvent(), newEvent()];
    const writer = EsdbEventStore.connect(standIn.url);
    const original = await writer.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    await writer.close();

    await store.readStream(stream);
    const retried = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

    expect(retried).toMatchObject({ ...original, duplicate: true });
    expect(standIn.log.streamRecords(stream)).toHaveLength(2);
  });

  it('writes a new stream without reading it, and reads a stream it began blind once, to check the chain', async () => {
    const stream = newStream();
    const reads = () => standIn.calls.filter((c) => c.method === 'Read').length;
    const before = reads();
    const first = await store.appendToStream(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
    expect(reads()).toBe(before);
    expect(first).toMatchObject({ revisions: [0, 1], lastPosition: standIn.log.streamRecords(stream)![1].position });
    expect(first.positions).toBeUndefined();

    await store.appendToStream(stream, [newEvent()], { expectedRevision: 1 });
    await store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' });

    expect(reads()).toBe(before + 1);
    const read = await store.readStream(stream);
    expect(read.slice(1).map((e) => e.metadata.prevHash)).toEqual(read.slice(0, -1).map((e) => e.metadata.contentHash));
  });
});

const RETRY = { attempts: 3, baseDelayMs: 1 };

function newStream(): string {
  return `faults-${randomUUID().replace(/-/g, '')}`;
}

function newEvent(n = 0): EventToAppend {
  return { eventId: randomUUID(), type: 'FaultChecked', schemaVersion: 1, data: { n }, metadata: { actor: 'svc:fault-tests' } };
}

async function appendEventsWith(store: EsdbEventStore, stream: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = newEvent(from + i);
    await store.appendToStream(stream, [event], { expectedRevision: from + i === 0 ? 'no_stream' : from + i - 1 });
    ids.push(event.eventId);
  }
  return ids;
}

/** Takes `count` events and leaves the subscription. */
async function take(subscription: AsyncIterable<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  if (count === 0) return taken;
  for await (const event of subscription) {
    taken.push(event);
    if (taken.length === count) break;
  }
  return taken;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
