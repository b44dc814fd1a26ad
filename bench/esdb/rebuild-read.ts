/**
 * A figure rebuild's read of the whole log over EventStoreDB (issue 14: "a rebuild reads through the adapter at
 * >= 0.8x the raw client's read rate on the stand-in"), against the protocol stand-in in its own process.
 *
 *   node -r ./bench/support/register.js bench/esdb/rebuild-read.ts [--scale 0.25] [--rounds 5]
 *
 * The log: the demo history (`--scale` of its requests; 0.25 is ~100k events) through the CommandPipeline into an
 * in-memory SQLite store, then written to the stand-in through the adapter, one append per stream (32 at a time).
 * Each round reads the whole log twice, the order flipped every round:
 * - raw: one `client.readAll` forwards from the start, events deserialised by the client (JSON data and metadata);
 * - adapter: what `Projector.build` does (libs/figures/src/projector/projector.ts): `headPosition()`, then
 *   `subscribeToAll({ after: 0, signal })` (system events filtered by the server, each event a port RecordedEvent),
 *   events gathered into chunks of DEFAULT_BUILD_LIMITS.chunkEvents, stopping at the head and aborting; the figure
 *   builder's work on each chunk is left out.
 * Rates are ledger events per second (the count the adapter delivers). Prints a line per side and round, then one
 * JSON line: medians, the median of the per-round adapter/raw ratios, and the highest RSS sampled (every 20 ms)
 * during each side's reads (one process for both sides, so the seeded data is let go before the first round).
 * The stand-in keeps everything in memory: these numbers bound the client and the adapter, not EventStoreDB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { CommandPipeline, randomIds, systemClock } from '@ledger/commands';
import { seedDemoHistory } from '@ledger/demo';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { DEFAULT_BUILD_LIMITS } from '../../libs/figures/src/projector/figure-build';
import { EsdbEventStore } from '../../libs/event-store/src/esdb/esdb-event-store';

const root = join(__dirname, '..', '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function startChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', join(root, 'bench/support/register.js'), join(__dirname, 'stand-in-process.ts'), 'batch'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

/** The demo history's events, grouped by stream (in order within each), and how many there are. */
async function demoStreams(scale: number): Promise<{ streams: Map<string, RecordedEvent[]>; events: number }> {
  const sqlite = new SqliteEventStore({ filename: ':memory:' });
  await seedDemoHistory(new CommandPipeline(sqlite, systemClock, randomIds), { scale });
  const streams = new Map<string, RecordedEvent[]>();
  let events = 0;
  for (
    let page = await sqlite.readAll({ limit: 5000 });
    page.length > 0;
    page = await sqlite.readAll({ after: page[page.length - 1].position, limit: 5000 })
  ) {
    for (const event of page) {
      const list = streams.get(event.stream) ?? [];
      list.push(event);
      streams.set(event.stream, list);
    }
    events += page.length;
  }
  await sqlite.close();
  return { streams, events };
}

async function seed(url: string, scale: number): Promise<number> {
  const started = Date.now();
  const { streams, events } = await demoStreams(scale);
  const store = EsdbEventStore.connect(url);
  const queue = [...streams.entries()];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < queue.length) {
        const [stream, list] = queue[next++];
        await store.appendToStream(
          stream,
          list.map((e) => ({ eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata })),
          { expectedRevision: 'no_stream' },
        );
      }
    }),
  );
  await store.close();
  console.log(`seeded ${events} events in ${streams.size} streams (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return events;
}

/** Runs `read`, sampling the RSS; returns events per second and the highest RSS seen (MiB). */
async function timed(label: string, events: number, read: () => Promise<number>): Promise<{ rate: number; rssMiB: number }> {
  let rss = process.memoryUsage.rss();
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 20);
  const started = process.hrtime.bigint();
  const read_ = await read();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  rss = Math.max(rss, process.memoryUsage.rss());
  if (read_ !== events) throw new Error(`${label}: read ${read_} ledger events, expected ${events}`);
  const rate = Math.round(events / seconds);
  const rssMiB = Math.round(rss / 2 ** 20);
  console.log(`  ${label.padEnd(9)} ${String(rate).padStart(7)} events/s  (${events} events, ${seconds.toFixed(2)} s, rss ${rssMiB} MiB)`);
  return { rate, rssMiB };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

void (async () => {
  const scale = Number(option('scale', '0.25'));
  const rounds = Number(option('rounds', '5'));
  const { url, child } = await startChild();
  // The store first: the adapter lets only the first client of a process use BatchAppend (client 6.2.1 guard).
  const events = await seed(url, scale);
  const store = EsdbEventStore.connect(url);
  const client = EventStoreDBClient.connectionString(url);
  try {
    const sides = {
      raw: async () => {
        let n = 0;
        for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) {
          const event = resolved.event;
          if (event !== undefined && !event.type.startsWith('$') && !event.streamId.startsWith('$')) n++;
        }
        return n;
      },
      // Projector.build's read, without the builder.
      adapter: async () => {
        const head = await store.headPosition();
        const stop = new AbortController();
        let chunk: RecordedEvent[] = [];
        let n = 0;
        try {
          for await (const event of store.subscribeToAll({ after: 0, signal: stop.signal })) {
            chunk.push(event);
            if (chunk.length >= DEFAULT_BUILD_LIMITS.chunkEvents || event.position >= head!) {
              n += chunk.length;
              chunk = [];
            }
            if (event.position >= head!) break;
          }
        } finally {
          stop.abort();
        }
        return n + chunk.length;
      },
    };
    const results = { raw: [] as { rate: number; rssMiB: number }[], adapter: [] as { rate: number; rssMiB: number }[] };
    for (let round = 0; round < rounds; round++) {
      console.log(`round ${round + 1}`);
      const order = round % 2 === 0 ? (['raw', 'adapter'] as const) : (['adapter', 'raw'] as const);
      for (const side of order) results[side].push(await timed(side, events, sides[side]));
    }
    const ratios = results.raw.map((r, i) => results.adapter[i].rate / r.rate);
    console.log(
      JSON.stringify({
        events,
        scale,
        rounds,
        rawEventsPerSecond: median(results.raw.map((r) => r.rate)),
        adapterEventsPerSecond: median(results.adapter.map((r) => r.rate)),
        ratio: Number(median(ratios).toFixed(2)),
        ratios: ratios.map((r) => Number(r.toFixed(2))),
        peakRssMiB: { raw: Math.max(...results.raw.map((r) => r.rssMiB)), adapter: Math.max(...results.adapter.map((r) => r.rssMiB)) },
      }),
    );
  } finally {
    await client.dispose();
    await store.close();
    child.kill('SIGTERM');
  }
})();
