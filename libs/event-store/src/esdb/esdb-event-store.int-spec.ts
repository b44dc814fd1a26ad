import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError } from '../event-store.errors';
import { describeEventStoreContract } from '../event-store.contract';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { startEsdbStandIn, type EsdbStandIn } from '../../../../test/esdb-stand-in/esdb-stand-in';
import { EsdbEventStore } from './esdb-event-store';

// The one contract suite, through the real client over gRPC, against the protocol stand-in: with BatchAppend
// advertised (what a current server does, and what the client then uses) and with plain Append only.
for (const batchAppend of [true, false]) {
  describeEventStoreContract(`EventStoreDB adapter over the protocol stand-in (${batchAppend ? 'BatchAppend' : 'Append'})`, async () => {
    const standIn = await startEsdbStandIn({ batchAppend });
    const store = EsdbEventStore.connect(standIn.url);
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
  describeEventStoreContract(`EventStoreDB adapter against a real server (${redact(realServer)})`, async () => ({ store: EsdbEventStore.connect(realServer) }));
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
    store = EsdbEventStore.connect(standIn.url, { resubscribeDelayMs: 5 });
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

  it.each(['BatchAppend', 'Append'] as const)('surfaces a refused %s as EventStoreUnavailableError naming the stream, and appends nothing', async (method) => {
    await store.close();
    await standIn.close();
    standIn = await startEsdbStandIn({ batchAppend: method === 'BatchAppend' });
    store = EsdbEventStore.connect(standIn.url);
    const stream = newStream();
    standIn.refuse(method, { message: 'node is shutting down' });

    const failure = store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });

    await expect(failure).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(failure).rejects.toThrow(new RegExp(`could not append 1 event\\(s\\) to ${stream}: unavailable .*node is shutting down`));
    expect(await store.readStream(stream)).toEqual([]);
    expect(standIn.log.streamRecords(stream)).toBeUndefined();
    // The connection recovers: the same append goes in once the server accepts again.
    const retried = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
    expect(retried.revisions).toEqual([0]);
  });

  it('reports a read the server refuses as EventStoreUnavailableError', async () => {
    standIn.refuse('Read', { message: 'not ready' });

    await expect(store.readStream(newStream())).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('keeps the server\'s own events out of readAll, headPosition and subscriptions, also between ledger events', async () => {
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

  it('recognises a retry of events that another writer (or an attempt whose answer was lost) already stored', async () => {
    const stream = newStream();
    const events = [newEvent(), newEvent()];
    const writer = EsdbEventStore.connect(standIn.url);
    const original = await writer.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    await writer.close();

    const retried = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

    expect(retried).toEqual({ ...original, duplicate: true });
    expect(standIn.log.streamRecords(stream)).toHaveLength(2);
  });
});

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
