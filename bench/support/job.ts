import fs from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { previousEventIn, verifyLedger } from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store';
import { FIGURES, FigureService, Projector, SqliteFigureStore, type FigureDefinition } from '@ledger/figures';
import { wholeLog } from '@ledger/test-support/stores/whole-log';
import { answerTimeFilters } from '../lib/answer-filters';
import { generateHistory } from '../lib/history';
import { reportJob } from '../lib/jobs';
import { LatencyRecorder, nowMs, perSecond, round } from '../lib/stats';

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

  /**
   * Figure answers on a rebuilt figure store, for every figure version of the registry (FIGURES, `version` given):
   * current, asOf (business time), knownAt a log position and knownAt a recording time, each grouped by year and by
   * month x the figure's first dimension; and provenance pages (the first, and one after a cursor half way down the
   * log). Per kind: p50 / p99 / max over every figure's repeats, and the figure with the highest p99.
   */
  async answers({ file, figuresFile, repeats }) {
    const events = new SqliteEventStore({ filename: String(file) });
    const figures = new SqliteFigureStore({ filename: String(figuresFile) });
    const service = new FigureService(events, figures);
    const head = (await events.headPosition()) ?? 0;
    const half = Math.floor(head / 2);
    const times = await answerTimeFilters(events, head);
    type Ask = (figure: FigureDefinition) => Promise<unknown>;
    const kinds: Record<string, Ask> = {};
    for (const [time, params] of Object.entries(times)) {
      kinds[time] = (figure) => service.answer(figure.name, { ...params, version: String(figure.version), groupBy: 'year' });
      kinds[`${time}MonthDim`] = (figure) =>
        service.answer(figure.name, { ...params, version: String(figure.version), groupBy: `month,${figure.dimensions[0].name}` });
    }
    const pageEvents: Record<string, number> = { provenanceFirst: 0, provenanceDeep: 0 };
    const page = (kind: string, after?: number): Ask => {
      return async (figure) => {
        const result = await service.provenance(figure.name, {
          version: String(figure.version),
          ...(after === undefined ? {} : { after: String(after) }),
        });
        pageEvents[kind] += result.events.length;
      };
    };
    kinds.provenanceFirst = page('provenanceFirst');
    kinds.provenanceDeep = page('provenanceDeep', half);
    const result: Record<string, number | string> = { events: head, figures: FIGURES.length };
    for (const [kind, ask] of Object.entries(kinds)) {
      const latency = new LatencyRecorder();
      let worst = { figure: '', p99Ms: -1 };
      for (const figure of FIGURES) {
        await ask(figure);
        const own = new LatencyRecorder();
        for (let i = 0; i < Number(repeats); i++) {
          const t0 = nowMs();
          await ask(figure);
          own.record(nowMs() - t0);
        }
        const p99Ms = own.summary().p99Ms;
        if (p99Ms > worst.p99Ms) worst = { figure: `${figure.name} v${figure.version}`, p99Ms };
        latency.absorb(own);
      }
      const summary = latency.summary();
      result[`${kind}P50Ms`] = summary.p50Ms;
      result[`${kind}P99Ms`] = summary.p99Ms;
      result[`${kind}MaxMs`] = summary.maxMs;
      result[`${kind}Samples`] = summary.samples;
      result[`${kind}Slowest`] = `${worst.figure} (p99 ${worst.p99Ms} ms)`;
    }
    // Events per provenance page, averaged over the figures (a deep page that came back empty would measure nothing).
    for (const [kind, total] of Object.entries(pageEvents))
      result[`${kind}EventsPerPage`] = round(total / (FIGURES.length * (Number(repeats) + 1)), 1);
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
