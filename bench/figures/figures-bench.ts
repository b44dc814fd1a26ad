import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { type FigureStore, FigureService, PostgresFigureStore, Projector, SqliteFigureStore } from '@ledger/figures';
import { Client } from 'pg';
import { ensureHistoryFixture } from '../lib/fixtures';
import { rawReadBaseline, tableBytes } from '../lib/sqlite-log';

/**
 * Figures benchmark (not a test): rebuild speed in events/s against the raw read + JSON.parse baseline of the same
 * rows, then answer latency for current, asOf, knownAt and windowed queries at that history size.
 *
 *   node -r ./bench/support/register.js bench/figures/figures-bench.ts [--events 1000000] [--repeat 15] [--batch 20000] [--live 1]
 *     [--pg postgres://postgres@127.0.0.1:5432/db]   (the PostgreSQL figure store, in a schema bench_figures made afresh)
 *
 * Also prints the figure store's size beside the events table's (SQLite dbstat), the peak RSS after the rebuild,
 * and with --live 1 the rate of the live (transactional, batch by batch) path: every figure reset to position 0 and
 * caught up in batches of 5,000, as `run` commits them.
 *
 * The history is bench/lib/history.ts's synthetic program (requests dominate), cached in BENCH_FIXTURE_DIR.
 */
function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function pgQuery(connectionString: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const count = arg('events', 1_000_000);
  const repeat = arg('repeat', 15);
  const fixtureDir = process.env.BENCH_FIXTURE_DIR ?? path.join(os.tmpdir(), 'ledger-bench-fixtures');
  const { file } = await ensureHistoryFixture(fixtureDir, count);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-figures-'));
  const events = new SqliteEventStore({ filename: file });
  const pgIndex = process.argv.indexOf('--pg');
  const pg = pgIndex >= 0 ? process.argv[pgIndex + 1] : undefined;
  if (pg) await pgQuery(pg, 'DROP SCHEMA IF EXISTS bench_figures CASCADE');
  const store: FigureStore = pg
    ? new PostgresFigureStore({ connectionString: pg, schema: 'bench_figures' })
    : new SqliteFigureStore({ filename: path.join(work, 'figures.sqlite') });
  try {
    const raw = rawReadBaseline(file);
    const rawRate = raw.events / raw.seconds;
    process.stderr.write(`raw read + JSON.parse: ${raw.events} events in ${raw.seconds.toFixed(2)} s = ${Math.round(rawRate)} events/s\n`);

    const projector = new Projector(events, store, {
      catchUpBatchSize: arg('batch', 20_000),
      onProgress: ({ eventsRead }) => process.stderr.write(`  rebuilt ${eventsRead}\n`),
    });
    const started = process.hrtime.bigint();
    await projector.rebuild();
    const rebuildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rebuildRate = raw.events / rebuildSeconds;
    process.stderr.write(
      `rebuild: ${raw.events} events in ${rebuildSeconds.toFixed(2)} s = ${Math.round(rebuildRate)} events/s (${(rebuildRate / rawRate).toFixed(2)}x raw)\n`,
    );
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const figureBytes = pg
      ? Number(
          (
            await pgQuery(
              pg,
              "SELECT SUM(pg_total_relation_size(c.oid)) AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'bench_figures' AND c.relkind = 'r'",
            )
          )[0].b,
        )
      : tableBytes(path.join(work, 'figures.sqlite'), 'figure_%');
    const eventBytes = tableBytes(file, 'events');
    process.stderr.write(
      `peak RSS so far ${peakRssMb} MiB; figure store ${(figureBytes / 2 ** 20).toFixed(1)} MiB beside the events table's ${(eventBytes / 2 ** 20).toFixed(1)} MiB (${(figureBytes / eventBytes).toFixed(2)}x)\n`,
    );

    const service = new FigureService(events, store);
    const middle = String(Math.floor(raw.events / 2));
    // The recording time of the event half way through the log: knownAt by time, as answers of that moment knew it.
    const [halfWay] = await events.readAll({ atOrBefore: Math.floor(raw.events / 2), direction: 'backwards', limit: 1 });
    const middleTime = halfWay?.metadata.recordedAt ?? '2020-01-01T00:00:00Z';
    const queries: [string, Record<string, string>][] = [
      ['le-requests', {}],
      ['le-requests', { groupBy: 'year' }],
      ['le-requests', { groupBy: 'year,country' }],
      ['le-requests', { groupBy: 'month' }],
      ['le-requests', { asOf: '2022-06-15' }],
      ['le-requests', { from: '2021-03-10T08:00:00Z', asOf: '2023-09-27T17:30:00Z', groupBy: 'requestKind' }],
      ['le-requests', { groupBy: 'year', knownAt: middle }],
      ['le-requests', { country: 'MX', groupBy: 'year', knownAt: middle, asOf: '2023-05-01T12:00:00Z' }],
      ['le-requests', { groupBy: 'year', knownAt: middleTime }],
      ['le-requests', { groupBy: 'month,country', knownAt: middleTime }],
      ['trainings', { groupBy: 'year,country' }],
      ['funds', {}],
      ['funds', { groupBy: 'year,asset', knownAt: middle }],
      ['recovery-rate', { groupBy: 'year' }],
    ];
    const lines: string[] = [];
    for (const [name, params] of queries) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < repeat; i++) {
        const t0 = process.hrtime.bigint();
        const answer = await service.answer(name, params);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        bytes = JSON.stringify(answer).length;
      }
      times.sort((a, b) => a - b);
      const line = `${name} ${new URLSearchParams(params).toString() || '(current)'}: median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${bytes} B)`;
      lines.push(line);
      process.stderr.write(`${line}\n`);
    }
    let livePerSecond: number | undefined;
    if (arg('live', 0) > 0) {
      for (const checkpoint of await store.checkpoints()) await store.reset(checkpoint.figure, checkpoint.version);
      const live = new Projector(events, store, { batchSize: 5000 });
      const t0 = process.hrtime.bigint();
      await live.catchUp();
      livePerSecond = Math.round(raw.events / (Number(process.hrtime.bigint() - t0) / 1e9));
      process.stderr.write(`live path (batches of 5,000, each committed with its checkpoints): ${livePerSecond} events/s\n`);
    }
    process.stdout.write(
      `${JSON.stringify({
        events: raw.events,
        rawReadPerSecond: Math.round(rawRate),
        rebuildPerSecond: Math.round(rebuildRate),
        ratioToRaw: Number((rebuildRate / rawRate).toFixed(2)),
        peakRssMb,
        figureStoreToEvents: Number((figureBytes / eventBytes).toFixed(2)),
        livePerSecond,
        answers: lines,
      })}\n`,
    );
  } finally {
    await store.close();
    await events.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
