import fs from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { previousEventIn, verifyLedger } from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store';
import { FIGURES, FigureService, Projector, SqliteFigureStore, type FigureQueryParams } from '@ledger/figures';
import { wholeLog } from '@ledger/test-support/stores/whole-log';
import { generateHistory } from '../lib/history';
import { reportJob } from '../lib/jobs';
import { LatencyRecorder, nowMs, perSecond } from '../lib/stats';

/**
 * One measuring job per process (see lib/jobs.ts): `node -r bench/support/register.js bench/support/job.ts <job> '<json args>'`.
 * Progress goes to stderr, the result to stdout.
 */
type Args = Record<string, unknown>;
const PAGE = 5000;

const jobs: Record<string, (args: Args) => Promise<Record<string, number | string>>> = {
  /** Writes the synthetic history through the store port, whole streams per append, ~5,000 events per transaction. */
  async seed({ file, count }) {
    const store = new SqliteEventStore({ filename: String(file) });
    let written = 0;
    let batch: Parameters<SqliteEventStore['appendMany']>[0][number][] = [];
    let batchEvents = 0;
    let nextReport = 1_000_000;
    for (const request of generateHistory(Number(count))) {
      batch.push(request);
      batchEvents += request.events.length;
      if (batchEvents >= PAGE) {
        await store.appendMany(batch);
        written += batchEvents;
        batch = [];
        batchEvents = 0;
        if (written >= nextReport) {
          process.stderr.write(`    seeded ${written.toLocaleString('en-US')} events\n`);
          nextReport += 1_000_000;
        }
      }
    }
    if (batch.length > 0) await store.appendMany(batch);
    written += batchEvents;
    await store.close();
    return { events: written };
  },

  /** Baseline: raw better-sqlite3 read of every row in log order with JSON.parse of data and metadata. */
  async 'raw-read'({ file }) {
    const db = new Database(String(file), { readonly: true });
    const rows = db.prepare(
      'SELECT position, event_id, stream, revision, type, schema_version, data, metadata, content_hash, prev_hash FROM events ORDER BY position',
    );
    let events = 0;
    let checksum = 0;
    for (const row of rows.iterate() as IterableIterator<{ data: string; metadata: string; revision: number }>) {
      const data = JSON.parse(row.data);
      const metadata = JSON.parse(row.metadata);
      checksum += row.revision + (data ? 1 : 0) + (metadata ? 1 : 0);
      events++;
    }
    db.close();
    return { events, checksum };
  },

  /** The log read through the store port (readAll pages): what every consumer starts from. */
  async 'port-read'({ file }) {
    const store = new SqliteEventStore({ filename: String(file) });
    let events = 0;
    for await (const event of wholeLog(store, PAGE)) if (event.position > 0) events++;
    await store.close();
    return { events };
  },

  /** Drops and rebuilds every figure from position 0 into a figure store file of its own. */
  async rebuild({ file, figuresFile }) {
    const events = new SqliteEventStore({ filename: String(file) });
    const figures = new SqliteFigureStore({ filename: String(figuresFile) });
    const projector = new Projector(events, figures);
    const position = await projector.rebuild();
    await figures.close();
    await events.close();
    return { events: position ?? 0, figures: FIGURES.length };
  },

  /** Figure answers on a rebuilt figure store: current, asOf (business time) and knownAt (log position), per figure. */
  async answers({ file, figuresFile, repeats }) {
    const events = new SqliteEventStore({ filename: String(file) });
    const figures = new SqliteFigureStore({ filename: String(figuresFile) });
    const service = new FigureService(events, figures);
    const head = (await events.headPosition()) ?? 0;
    const [middle] = await events.readAll({ atOrBefore: Math.floor(head / 2), direction: 'backwards', limit: 1 });
    const kinds: Record<string, FigureQueryParams> = {
      current: { groupBy: 'year' },
      asOf: { groupBy: 'year', asOf: '2022-06-30' },
      knownAt: { groupBy: 'year', knownAt: String(Math.floor(head / 2)) },
      // The recording time of the event half way through the log (the fixture was written in one go: a few seconds).
      knownAtTime: { groupBy: 'year', knownAt: middle?.metadata.recordedAt ?? '2020-01-01T00:00:00Z' },
    };
    const result: Record<string, number | string> = { events: head };
    for (const [kind, params] of Object.entries(kinds)) {
      const latency = new LatencyRecorder();
      for (const figure of FIGURES) {
        await service.answer(figure.name, params);
        for (let i = 0; i < Number(repeats); i++) {
          const t0 = nowMs();
          await service.answer(figure.name, params);
          latency.record(nowMs() - t0);
        }
      }
      const summary = latency.summary();
      result[`${kind}P50Ms`] = summary.p50Ms;
      result[`${kind}P99Ms`] = summary.p99Ms;
      result[`${kind}MaxMs`] = summary.maxMs;
      result[`${kind}Samples`] = summary.samples;
    }
    await figures.close();
    await events.close();
    return result;
  },

  /** Recomputes every hash chain and the Merkle tree from the log (libs/audit verifyLedger). */
  async verify({ file }) {
    const store = new SqliteEventStore({ filename: String(file) });
    // As the API and `ledger verify` run it: bounded stream tips, the store looked up on a miss.
    const report = await verifyLedger(wholeLog(store, PAGE), { previousEvent: previousEventIn(store) });
    await store.close();
    if (!report.ok) throw new Error(`verify found a mismatch in the fixture: ${JSON.stringify(report.firstMismatch)}`);
    return { events: report.eventsChecked, streams: report.streamsChecked };
  },

  /** Streams the whole log as NDJSON to a file through the store port, honouring the file stream's back-pressure. */
  async export({ file, outFile }) {
    const store = new SqliteEventStore({ filename: String(file) });
    const out = fs.createWriteStream(String(outFile));
    let events = 0;
    for await (const event of wholeLog(store, PAGE)) {
      if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
      events++;
    }
    out.end();
    await once(out, 'finish');
    await store.close();
    const bytes = fs.statSync(String(outFile)).size;
    fs.rmSync(String(outFile));
    return { events, bytes };
  },
};

const [name, argsText] = process.argv.slice(2);
const job = jobs[name];
if (!job) {
  process.stderr.write(`unknown job ${name}; known: ${Object.keys(jobs).join(', ')}\n`);
  process.exit(2);
}
const started = nowMs();
job(JSON.parse(argsText ?? '{}'))
  .then((result) => {
    const elapsedMs = nowMs() - started;
    const events = Number(result.events ?? 0);
    reportJob({ ...result, eventsPerSecond: events > 0 ? perSecond(events, elapsedMs) : 0 }, elapsedMs);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
