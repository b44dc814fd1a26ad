import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson, contentHash, GENESIS_HASH, createEventStore, type EventToAppend, type EventStore } from '@ledger/event-store';
import { migrate } from '@ledger/event-store/sqlite/sqlite-schema';
import { generateHistory } from '../lib/history';
import type { Measurement } from '../lib/report';
import { LatencyRecorder, nowMs, perSecond, round } from '../lib/stats';
import { progress, runScenario, type ScenarioContext } from '../lib/scenario';

/**
 * Durable appends through the EventStore port (the SQLite adapter, synchronous=FULL): W concurrent writers, each
 * appending batches of B events to its own streams with an exact expected revision, for a fixed time.
 * Baseline in the same run: raw better-sqlite3 inserts of the same rows into the same schema, same pragmas, one
 * transaction per batch, rows serialised and hashed beforehand (so the ratio shows everything the store adds:
 * revision and idempotency checks, canonical JSON, SHA-256 chain, result objects, promises).
 */
const WRITERS = [1, 4, 16, 64];
const BATCHES = [1, 10, 100];
/** Appends to one stream before a writer moves to a new one: commands touch short streams. */
const APPENDS_PER_STREAM = 20;

type Template = Omit<EventToAppend, 'eventId'>;

function eventTemplates(count: number): Template[] {
  const templates: Template[] = [];
  for (const request of generateHistory(count, { seed: 7 })) {
    for (const { eventId: _ignored, ...event } of request.events) templates.push(event);
  }
  return templates;
}

interface CellResult {
  events: number;
  elapsedMs: number;
  latency: LatencyRecorder;
}

async function measurePort(file: string, writers: number, batch: number, seconds: number, templates: Template[]): Promise<CellResult> {
  const store: EventStore = createEventStore({ kind: 'sqlite', filename: file });
  const latency = new LatencyRecorder();
  let events = 0;
  let cursor = 0;
  const nextBatch = (): EventToAppend[] => {
    const out: EventToAppend[] = [];
    for (let i = 0; i < batch; i++) out.push({ ...templates[cursor++ % templates.length], eventId: randomUUID() });
    return out;
  };
  const run = async (writer: number, until: number, record: boolean) => {
    let streamIndex = 0;
    let appendsInStream = 0;
    let expected: number | 'no_stream' = 'no_stream';
    while (nowMs() < until) {
      if (appendsInStream === APPENDS_PER_STREAM) {
        streamIndex++;
        appendsInStream = 0;
        expected = 'no_stream';
      }
      const toAppend = nextBatch();
      const started = nowMs();
      const result = await store.appendToStream(`bench-${record ? 'm' : 'w'}${writer}x${streamIndex}`, toAppend, {
        expectedRevision: expected,
      });
      if (record) {
        latency.record(nowMs() - started);
        events += batch;
      }
      expected = result.nextExpectedRevision;
      appendsInStream++;
    }
  };
  const warmupUntil = nowMs() + 300;
  await Promise.all(Array.from({ length: writers }, (_, w) => run(w, warmupUntil, false)));
  const started = nowMs();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: writers }, (_, w) => run(w, until, true)));
  const elapsedMs = nowMs() - started;
  await store.close();
  return { events, elapsedMs, latency };
}

function measureRaw(file: string, batch: number, seconds: number, templates: Template[]): CellResult {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at, content_hash, prev_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recordedAt = '2024-07-01T10:00:00.000Z';
  const rows = templates.map((t) => {
    const metadata = { ...t.metadata, recordedAt };
    return {
      type: t.type,
      schemaVersion: t.schemaVersion,
      data: canonicalJson(t.data),
      metadata: canonicalJson(metadata),
      hash: contentHash({ stream: 'raw', eventId: randomUUID(), type: t.type, schemaVersion: t.schemaVersion, data: t.data, metadata }),
    };
  });
  let counter = 0;
  let cursor = 0;
  let stream = 0;
  let revision = -1;
  const insertBatch = db.transaction(() => {
    if (revision + batch >= APPENDS_PER_STREAM * batch) {
      stream++;
      revision = -1;
    }
    for (let i = 0; i < batch; i++) {
      const row = rows[cursor++ % rows.length];
      revision++;
      const id = `00000000-0000-4000-8000-${(counter++).toString(16).padStart(12, '0')}`;
      insert.run(id, `raw-${stream}`, revision, row.type, row.schemaVersion, row.data, row.metadata, recordedAt, row.hash, GENESIS_HASH);
    }
  });
  const latency = new LatencyRecorder();
  const warmupUntil = nowMs() + 300;
  while (nowMs() < warmupUntil) insertBatch();
  let events = 0;
  const started = nowMs();
  const until = started + seconds * 1000;
  while (nowMs() < until) {
    const t0 = nowMs();
    insertBatch();
    latency.record(nowMs() - t0);
    events += batch;
  }
  const elapsedMs = nowMs() - started;
  db.close();
  return { events, elapsedMs, latency };
}

function mergeCells(a: CellResult, b: CellResult): CellResult {
  const latency = new LatencyRecorder();
  latency.absorb(a.latency);
  latency.absorb(b.latency);
  return { events: a.events + b.events, elapsedMs: a.elapsedMs + b.elapsedMs, latency };
}

function targetFor(batch: number, eventsPerSecond: number, ratio: number): Measurement['target'] {
  if (batch === 10) return { text: '>= 40k events/s and >= 0.85x raw (batches of 10)', met: eventsPerSecond >= 40_000 && ratio >= 0.85 };
  if (batch === 1)
    return { text: '>= 5k events/s and >= 0.75x raw (one event per append)', met: eventsPerSecond >= 5_000 && ratio >= 0.75 };
  return undefined;
}

runScenario('append', async (context: ScenarioContext) => {
  const seconds = context.profile === 'full' ? 10 : 2;
  const templates = eventTemplates(2_000);
  const averageBytes = Math.round(
    templates.reduce((sum, t) => sum + canonicalJson(t.data).length + canonicalJson(t.metadata).length, 0) / templates.length,
  );
  const measurements: Measurement[] = [];
  for (const batch of BATCHES) {
    // The raw baseline runs right before and right after its port cells, and counts both: the disk's fsync
    // speed on a shared machine drifts, and a baseline from another minute would skew the ratio.
    progress(`raw better-sqlite3, batch ${batch}, ${seconds} s (before)`);
    const before = measureRaw(path.join(context.workDir, `raw-b${batch}-before.sqlite`), batch, seconds / 2, templates);
    const cells: [number, CellResult][] = [];
    for (const writers of WRITERS) {
      progress(`port (SQLite adapter), ${writers} writers x batch ${batch}, ${seconds} s`);
      cells.push([
        writers,
        await measurePort(path.join(context.workDir, `port-w${writers}-b${batch}.sqlite`), writers, batch, seconds, templates),
      ]);
    }
    progress(`raw better-sqlite3, batch ${batch}, ${seconds} s (after)`);
    const after = measureRaw(path.join(context.workDir, `raw-b${batch}-after.sqlite`), batch, seconds / 2, templates);
    const baseline = mergeCells(before, after);
    const baselineRate = perSecond(baseline.events, baseline.elapsedMs);
    const rawLatency = baseline.latency.summary();
    measurements.push({
      id: `append.raw.b${batch}`,
      group: 'Durable appends',
      label: `raw better-sqlite3 INSERT, 1 writer x batch ${batch}`,
      value: baselineRate,
      unit: 'events/s',
      metrics: {
        events: baseline.events,
        seconds: round(baseline.elapsedMs / 1000, 2),
        p50Ms: rawLatency.p50Ms,
        p99Ms: rawLatency.p99Ms,
        p999Ms: rawLatency.p999Ms,
        avgEventBytes: averageBytes,
      },
      command: context.command,
      durability: context.durability,
      notes:
        'baseline: same schema and pragmas, rows serialised and hashed beforehand, one transaction per batch; measured half before and half after the port cells of this batch size',
    });
    for (const [writers, cell] of cells) {
      const rate = perSecond(cell.events, cell.elapsedMs);
      const latency = cell.latency.summary();
      const ratio = round(rate / baselineRate, 2);
      measurements.push({
        id: `append.port.w${writers}.b${batch}`,
        group: 'Durable appends',
        label: `store port, ${writers} writer${writers > 1 ? 's' : ''} x batch ${batch}`,
        value: rate,
        unit: 'events/s',
        metrics: {
          appends: latency.samples,
          events: cell.events,
          seconds: round(cell.elapsedMs / 1000, 2),
          p50Ms: latency.p50Ms,
          p99Ms: latency.p99Ms,
          p999Ms: latency.p999Ms,
          maxMs: latency.maxMs,
        },
        command: context.command,
        durability: context.durability,
        baseline: { id: `append.raw.b${batch}`, label: `raw INSERT batch ${batch}`, value: baselineRate, unit: 'events/s' },
        ratio,
        target: targetFor(batch, rate, ratio),
      });
    }
  }
  return { measurements, skipped: [] };
});
