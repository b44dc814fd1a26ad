/**
 * Append and read throughput through the real `@eventstore/db-client` against the protocol stand-in (in its own
 * process, so server and client do not share an event loop), raw client and through the ledger's adapter, with
 * BatchAppend advertised (what current servers do) and with plain Append; and what the client asks on connect.
 *
 *   node -r ./bench/support/register.js bench/esdb/throughput.ts [--events 4000] [--rounds 3] [--only batch] [--cases <text>]
 *     [--event-ids postgres://...]   (the adapter claims its ids in a PostgreSQL event-id registry, as with DATABASE_URL)
 *
 * ESDB_STAND_IN_MODULE=<path> runs another stand-in module in the child (e.g. an earlier one, to compare).
 * The stand-in keeps everything in memory: these numbers bound the client and the adapter, not EventStoreDB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { EventStoreDBClient, FORWARDS, START, excludeSystemEvents, jsonEvent } from '@eventstore/db-client';
import type { EventToAppend } from '../../libs/event-store/src/event-store.port';
import { EsdbEventStore } from '../../libs/event-store/src/esdb/esdb-event-store';
import { PostgresEventIdRegistry } from '../../libs/shared-store/src/postgres/postgres-event-id-registry';
import { startEsdbStandIn } from '../../test/esdb-stand-in/esdb-stand-in';

const root = join(__dirname, '..', '..');
const eventsArg = process.argv.indexOf('--events');
const EVENTS = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : 4000;
const casesArg = process.argv.indexOf('--cases');
/** Only the cases whose name contains this text (e.g. `--cases concurrent`). */
const CASES = casesArg > 0 ? process.argv[casesArg + 1] : undefined;
const eventIdsArg = process.argv.indexOf('--event-ids');
/** A PostgreSQL URL: the adapter claims its ids there first, as every instance does with DATABASE_URL. */
const EVENT_IDS_URL = eventIdsArg > 0 ? process.argv[eventIdsArg + 1] : undefined;

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
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

type Pair = { readonly name: string; readonly events: number; readonly raw: () => Promise<void>; readonly adapter: () => Promise<void> };

/**
 * Each case runs raw then adapter (the order flips every round, so drift on a shared machine hits both sides), for
 * `--rounds` rounds; the summary gives medians and the median of the per-round ratios.
 */
async function measure(mode: 'batch' | 'append-only', rounds: number): Promise<void> {
  const { url, child } = await startChild(mode);
  console.log(
    `\nstand-in ${mode === 'batch' ? 'advertising BatchAppend (the client uses it)' : 'without BatchAppend (the client uses Append)'}`,
  );
  // The store first: the adapter lets only the first client of a process use BatchAppend (client 6.2.1 guard).
  const store = EsdbEventStore.connect(
    url,
    EVENT_IDS_URL === undefined ? {} : { eventIds: new PostgresEventIdRegistry({ connectionString: EVENT_IDS_URL }) },
  );
  const client = EventStoreDBClient.connectionString(url);
  const wire = (e: EventToAppend) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never });
  const appendRaw = (stream: string, count: number, expectedRevision: bigint | 'no_stream') =>
    client.appendToStream(
      stream,
      Array.from({ length: count }, (_, j) => wire(sampleEvent(j))),
      { expectedRevision },
    );
  const appendAdapter = (stream: string, count: number, expectedRevision: number | 'no_stream') =>
    store.appendToStream(
      stream,
      Array.from({ length: count }, (_, j) => sampleEvent(j)),
      { expectedRevision },
    );
  const sequential = (perAppend: number, append: (i: number) => Promise<unknown>) => async () => {
    for (let i = 0; i < EVENTS / perAppend; i++) await append(i);
  };
  const knownStreams = (append: (stream: string, revision: number | undefined) => Promise<number>) => {
    const streams = Array.from({ length: 100 }, () => `hot-${randomUUID()}`);
    const revisions = new Map<string, number>();
    return sequential(1, async (i) => {
      const stream = streams[i % streams.length];
      revisions.set(stream, await append(stream, revisions.get(stream)));
    });
  };
  try {
    await client.appendToStream('warmup-1', jsonEvent({ type: 'W', data: {} }));
    await store.appendToStream(`warmup-${randomUUID()}`, [sampleEvent(0)], { expectedRevision: 'no_stream' });
    const appends: (() => Pair)[] = [
      () => ({
        name: '1 event per append, new stream each',
        events: EVENTS,
        raw: sequential(1, () => appendRaw(`raw1-${randomUUID()}`, 1, 'no_stream')),
        adapter: sequential(1, () => appendAdapter(`single-${randomUUID()}`, 1, 'no_stream')),
      }),
      () => ({
        name: '1 event per append, 100 known streams',
        events: EVENTS,
        raw: knownStreams(async (stream, revision) =>
          Number((await appendRaw(stream, 1, revision === undefined ? 'no_stream' : BigInt(revision))).nextExpectedRevision),
        ),
        adapter: knownStreams(async (stream, revision) => (await appendAdapter(stream, 1, revision ?? 'no_stream')).nextExpectedRevision),
      }),
      () => ({
        name: '1 event per append, 16 concurrent appenders',
        events: EVENTS,
        raw: () => inParallel(EVENTS, 16, () => appendRaw(`rawc-${randomUUID()}`, 1, 'no_stream').then(() => undefined)),
        adapter: () => inParallel(EVENTS, 16, () => appendAdapter(`conc-${randomUUID()}`, 1, 'no_stream').then(() => undefined)),
      }),
      () => ({
        name: '10 events per append',
        events: EVENTS,
        raw: sequential(10, () => appendRaw(`raw10-${randomUUID()}`, 10, 'no_stream')),
        adapter: sequential(10, () => appendAdapter(`batch10-${randomUUID()}`, 10, 'no_stream')),
      }),
      () => ({
        name: '100 events per append',
        events: EVENTS,
        raw: sequential(100, () => appendRaw(`raw100-${randomUUID()}`, 100, 'no_stream')),
        adapter: sequential(100, () => appendAdapter(`batch100-${randomUUID()}`, 100, 'no_stream')),
      }),
    ];
    const results = new Map<string, { raw: number[]; adapter: number[] }>();
    const run = async (pair: Pair, round: number) => {
      const entry = results.get(pair.name) ?? { raw: [], adapter: [] };
      results.set(pair.name, entry);
      const sides = (['raw', 'adapter'] as const).slice();
      if (round % 2 === 1) sides.reverse();
      for (const side of sides)
        entry[side].push(await timed(`${side === 'raw' ? 'raw client' : 'adapter'}, ${pair.name}`, pair.events, pair[side]));
    };
    const wanted = (name: string) => CASES === undefined || name.includes(CASES);
    for (let round = 0; round < rounds; round++) {
      console.log(`round ${round + 1}`);
      for (const make of appends) {
        const pair = make();
        if (wanted(pair.name)) await run(pair, round);
      }
    }
    // Reads of the whole log written above, the rebuild's path: raw client calls against the adapter's.
    const head = await store.headPosition();
    let total = 0;
    for (
      let page = await store.readAll({ limit: 1000 });
      page.length > 0;
      page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })
    )
      total += page.length;
    const reads: Pair[] = [
      {
        name: 'readAll (whole log: raw one call, adapter pages of 1000)',
        events: total,
        raw: async () => {
          let n = 0;
          for await (const _ of client.readAll({ direction: FORWARDS, fromPosition: START })) n++;
          if (n < total) throw new Error('short read');
        },
        adapter: async () => {
          let n = 0;
          for (
            let page = await store.readAll({ limit: 1000 });
            page.length > 0;
            page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })
          )
            n += page.length;
          if (n !== total) throw new Error('short read');
        },
      },
      {
        name: 'subscribeToAll catch-up (whole log, system events filtered)',
        events: total,
        raw: async () => {
          const subscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
          let n = 0;
          for await (const resolved of subscription) {
            n++;
            if (Number(resolved.event?.position?.commit ?? -1) === head) break;
          }
          await subscription.unsubscribe();
          if (n < total) throw new Error('short read');
        },
        adapter: async () => {
          for await (const event of store.subscribeToAll()) if (event.position === head) break;
        },
      },
    ];
    for (let round = 0; round < rounds; round++) for (const pair of reads.filter((r) => wanted(r.name))) await run(pair, round);
    console.log(`\nsummary (${mode}, ${rounds} rounds): median events/s raw, adapter, median of per-round adapter/raw`);
    for (const [name, { raw, adapter }] of results) {
      const ratio = median(raw.map((r, i) => adapter[i] / r));
      console.log(`  ${name.padEnd(62)} ${String(median(raw)).padStart(7)} ${String(median(adapter)).padStart(7)}  ${ratio.toFixed(2)}x`);
    }
  } finally {
    await client.dispose();
    await store.close();
    child.kill('SIGTERM');
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
  console.log(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    `EventStoreDB client ${require('@eventstore/db-client/package.json').version} against the protocol stand-in; node ${process.version}`,
  );
  const only = process.argv.indexOf('--only') > 0 ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (!only) await probeConnect();
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
  if (only !== 'append-only') await measure('batch', rounds);
  if (only !== 'batch') await measure('append-only', rounds);
})();
