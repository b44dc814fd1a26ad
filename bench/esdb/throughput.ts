/**
 * Append and read throughput through the real `@eventstore/db-client` against the protocol stand-in (in its own
 * process, so server and client do not share an event loop), raw client and through the ledger's adapter, with
 * BatchAppend advertised (what current servers do) and with plain Append; and what the client asks on connect.
 *
 *   node -r ./bench/support/register.js bench/esdb/throughput.ts [--events 4000] [--only batch]
 *
 * ESDB_STAND_IN_MODULE=<path> runs another stand-in module in the child (e.g. an earlier one, to compare).
 * The stand-in keeps everything in memory: these numbers bound the client and the adapter, not EventStoreDB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { EventStoreDBClient, FORWARDS, START, jsonEvent } from '@eventstore/db-client';
import type { EventToAppend } from '../../libs/event-store/src/event-store.port';
import { EsdbEventStore } from '../../libs/event-store/src/esdb/esdb-event-store';
import { startEsdbStandIn } from '../../test/esdb-stand-in/esdb-stand-in';

const root = join(__dirname, '..', '..');
const eventsArg = process.argv.indexOf('--events');
const EVENTS = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : 4000;

function sampleEvent(i: number): EventToAppend {
  return {
    eventId: randomUUID(),
    type: 'TrainingSessionRecorded',
    schemaVersion: 1,
    data: {
      trainingId: `t-${i}`,
      deliveredOn: '2024-03-14',
      country: 'MX',
      city: 'Mexico City',
      format: 'in_person',
      agencies: [{ name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' }],
      participants: 35,
      topics: ['blockchain tracing', 'asset freezing', 'evidence preservation'],
    },
    metadata: { actor: 'svc:training-team', commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID() },
  };
}

async function startChild(mode: 'batch' | 'append-only'): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', join(root, 'bench/support/register.js'), join(__dirname, 'stand-in-process.ts'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

async function timed(label: string, events: number, run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(events / seconds);
  console.log(`  ${label.padEnd(62)} ${String(rate).padStart(7)} events/s  (${events} events, ${seconds.toFixed(2)} s)`);
  return rate;
}

async function inParallel(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await task(next++);
  }));
}

async function measure(mode: 'batch' | 'append-only'): Promise<void> {
  const { url, child } = await startChild(mode);
  console.log(`\nstand-in ${mode === 'batch' ? 'advertising BatchAppend (the client uses it)' : 'without BatchAppend (the client uses Append)'}`);
  // The store first: the adapter lets only the first client of a process use BatchAppend (client 6.2.1 guard).
  const store = EsdbEventStore.connect(url);
  const client = EventStoreDBClient.connectionString(url);
  try {
    await client.appendToStream('warmup-1', jsonEvent({ type: 'W', data: {} }));
    await store.appendToStream(`warmup-${randomUUID()}`, [sampleEvent(0)], { expectedRevision: 'no_stream' });

    const wire = (e: EventToAppend) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never });
    await timed('raw client, 1 event per append, sequential', EVENTS, async () => {
      for (let i = 0; i < EVENTS; i++) await client.appendToStream(`raw1-${i}`, wire(sampleEvent(i)), { expectedRevision: 'no_stream' });
    });
    await timed('raw client, 10 events per append, sequential', EVENTS, async () => {
      for (let i = 0; i < EVENTS / 10; i++) {
        await client.appendToStream(`raw10-${i}`, Array.from({ length: 10 }, (_, j) => wire(sampleEvent(j))), { expectedRevision: 'no_stream' });
      }
    });
    await timed('raw client, 100 events per append, sequential', EVENTS, async () => {
      for (let i = 0; i < EVENTS / 100; i++) {
        await client.appendToStream(`raw100-${i}`, Array.from({ length: 100 }, (_, j) => wire(sampleEvent(j))), { expectedRevision: 'no_stream' });
      }
    });
    const rawStreams = Array.from({ length: 100 }, () => `rawhot-${randomUUID()}`);
    const rawRevisions = new Map<string, bigint>();
    await timed('raw client, 1 event per append, 100 known streams', EVENTS, async () => {
      for (let i = 0; i < EVENTS; i++) {
        const stream = rawStreams[i % rawStreams.length];
        const result = await client.appendToStream(stream, wire(sampleEvent(i)), { expectedRevision: rawRevisions.get(stream) ?? 'no_stream' });
        rawRevisions.set(stream, result.nextExpectedRevision);
      }
    });
    await timed('raw client, 1 event per append, 16 concurrent appenders', EVENTS, () =>
      inParallel(EVENTS, 16, (i) => client.appendToStream(`rawc-${i}`, wire(sampleEvent(i)), { expectedRevision: 'no_stream' }).then(() => undefined)),
    );
    await timed('adapter, 1 event per append, new stream each (read + append)', EVENTS, async () => {
      for (let i = 0; i < EVENTS; i++) await store.appendToStream(`single-${randomUUID()}`, [sampleEvent(i)], { expectedRevision: 'no_stream' });
    });
    await timed('adapter, command-shaped: readStream (empty) then append', EVENTS, async () => {
      for (let i = 0; i < EVENTS; i++) {
        const stream = `cmd-${randomUUID()}`;
        await store.readStream(stream);
        await store.appendToStream(stream, [sampleEvent(i)], { expectedRevision: 'no_stream' });
      }
    });
    const streams = Array.from({ length: 100 }, () => `hot-${randomUUID()}`);
    const revisions = new Map<string, number>();
    await timed('adapter, 1 event per append, 100 known streams (append only)', EVENTS, async () => {
      for (let i = 0; i < EVENTS; i++) {
        const stream = streams[i % streams.length];
        const revision = revisions.get(stream);
        const result = await store.appendToStream(stream, [sampleEvent(i)], { expectedRevision: revision ?? 'no_stream' });
        revisions.set(stream, result.nextExpectedRevision);
      }
    });
    await timed('adapter, 1 event per append, 16 concurrent appenders', EVENTS, () =>
      inParallel(EVENTS, 16, (i) => store.appendToStream(`conc-${randomUUID()}`, [sampleEvent(i)], { expectedRevision: 'no_stream' }).then(() => undefined)),
    );
    await timed('adapter, 10 events per append (append + read-back of positions)', EVENTS, async () => {
      for (let i = 0; i < EVENTS / 10; i++) {
        await store.appendToStream(`batch10-${randomUUID()}`, Array.from({ length: 10 }, (_, j) => sampleEvent(j)), { expectedRevision: 'no_stream' });
      }
    });
    await timed('adapter, 100 events per append', EVENTS, async () => {
      for (let i = 0; i < EVENTS / 100; i++) {
        await store.appendToStream(`batch100-${randomUUID()}`, Array.from({ length: 100 }, (_, j) => sampleEvent(j)), { expectedRevision: 'no_stream' });
      }
    });

    const head = await store.headPosition();
    let total = 0;
    for (let page = await store.readAll({ limit: 1000 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })) total += page.length;
    await timed('raw client, readAll forwards (whole log, one call)', total, async () => {
      let n = 0;
      for await (const _ of client.readAll({ direction: FORWARDS, fromPosition: START })) n++;
      if (n < total) throw new Error('short read');
    });
    await timed('adapter, readAll pages of 1000 (whole log)', total, async () => {
      let n = 0;
      for (let page = await store.readAll({ limit: 1000 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })) n += page.length;
      if (n !== total) throw new Error('short read');
    });
    await timed('adapter, subscribeToAll catch-up (whole log)', total, async () => {
      let n = 0;
      for await (const event of store.subscribeToAll()) {
        n++;
        if (event.position === head) break;
      }
    });
    await timed('adapter, readStream of 100-event streams', EVENTS, async () => {
      for (let i = 0; i < EVENTS / 100; i++) await store.readStream(streams[i % streams.length]);
    });
  } finally {
    await client.dispose();
    await store.close();
    child.kill('SIGTERM');
  }
}

async function probeConnect(): Promise<void> {
  const standIn = await startEsdbStandIn();
  const store = EsdbEventStore.connect(standIn.url);
  await store.appendToStream(`probe-${randomUUID()}`, [sampleEvent(0)], { expectedRevision: 'no_stream' });
  await store.readAll({ limit: 1 });
  console.log('\nwhat the client asks for on connect (first operation: an append to a new stream, then a readAll):');
  for (const call of standIn.calls) console.log(`  ${call.method}${call.kind ? ` (${call.kind})` : ''}  ${JSON.stringify(call.metadata)}`);
  await store.close();
  await standIn.close();
}

void (async () => {
  console.log(`EventStoreDB client ${require('@eventstore/db-client/package.json').version} against the protocol stand-in; node ${process.version}`);
  const only = process.argv.indexOf('--only') > 0 ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (!only) await probeConnect();
  if (only !== 'append-only') await measure('batch');
  if (only !== 'batch') await measure('append-only');
})();
