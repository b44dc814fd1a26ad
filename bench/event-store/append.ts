/**
 * Durable appends through the EventStore port (SQLite adapter, WAL, synchronous=FULL) against raw better-sqlite3
 * inserts of the same rows into the same schema with the same durability: what the ledger costs over the bare disk.
 *
 *   node --require ./bench/support/register.js bench/event-store/append.ts [--events 20000] [--rounds 5]
 *
 * Port and raw take turns every 50 appends, each on its own fresh file, and their total times are compared: fsync
 * times on a shared disk drift by a factor of two within a minute, so back-to-back runs would mostly measure the
 * drift. Several rounds; the medians are reported.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventToAppend } from '../../libs/event-store/src/event-store.port';
import { canonicalJson, GENESIS_HASH, sha256Hex } from '../../libs/event-store/src/content-hash';
import { migrate } from '../../libs/event-store/src/sqlite/sqlite-schema';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';

export interface AppendMeasurement {
  readonly batchSize: number;
  readonly writers: number;
  readonly events: number;
  readonly storage: 'file' | 'memory';
  readonly portEventsPerSecond: number;
  readonly rawEventsPerSecond: number;
  /** port / raw, from the medians of the rounds. */
  readonly ratio: number;
  readonly portRounds: readonly number[];
  readonly rawRounds: readonly number[];
}

interface PlannedAppend {
  readonly stream: string;
  readonly expectedRevision: number | 'no_stream';
  readonly events: readonly EventToAppend[];
}

/** A training-sized event (about 600 bytes of JSON), like the domain's TrainingSessionRecorded. */
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
      agencies: [
        { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
        { name: 'Secretaría de Seguridad Ciudadana', kind: 'police', country: 'MX' },
      ],
      participants: 35,
      topics: ['blockchain tracing', 'asset freezing', 'evidence preservation', 'information requests'],
      partner: 'Regional anti-money-laundering working group',
    },
    metadata: { actor: 'svc:training-team', commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID() },
  };
}

/** The same appends for port and raw: round-robin over 1,000 streams, each at its exact expected revision. */
function planAppends(events: number, batchSize: number): PlannedAppend[] {
  const streams = 1000;
  const revisions = new Array<number>(streams).fill(-1);
  const plan: PlannedAppend[] = [];
  for (let i = 0; i * batchSize < events; i++) {
    const s = i % streams;
    const batch = Array.from({ length: batchSize }, (_, n) => sampleEvent(i * batchSize + n));
    plan.push({ stream: `training-${s}`, expectedRevision: revisions[s] < 0 ? 'no_stream' : revisions[s], events: batch });
    revisions[s] += batchSize;
  }
  return plan;
}

interface RawRow {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
  readonly contentHash: string;
  readonly prevHash: string;
}

/** The rows the port would write, fully prepared beforehand: the raw side only inserts. */
function rawRows(plan: readonly PlannedAppend[]): RawRow[][] {
  const recordedAt = new Date().toISOString();
  const lastHash = new Map<string, string>();
  return plan.map(({ stream, expectedRevision, events }) => {
    let revision = expectedRevision === 'no_stream' ? -1 : expectedRevision;
    return events.map((event) => {
      const data = canonicalJson(event.data);
      const metadata = canonicalJson({ ...event.metadata, recordedAt });
      const contentHash = sha256Hex(`${stream}${event.eventId}${data}${metadata}`);
      const row = {
        eventId: event.eventId,
        stream,
        revision: ++revision,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data,
        metadata,
        recordedAt,
        contentHash,
        prevHash: lastHash.get(stream) ?? GENESIS_HASH,
      };
      lastHash.set(stream, contentHash);
      return row;
    });
  });
}

/** Appends through the port by `writers` concurrent callers (like command handlers), each owning its share of streams. */
async function timePort(store: SqliteEventStore, appends: readonly PlannedAppend[], writers: number): Promise<number> {
  const shares = Array.from({ length: writers }, (_, w) => appends.filter((a) => streamIndex(a.stream) % writers === w));
  const started = process.hrtime.bigint();
  await Promise.all(
    shares.map(async (share) => {
      for (const append of share) await store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
    }),
  );
  return elapsedSeconds(started);
}

function openRaw(filename: string): { db: Database.Database; insertBatch: (rows: readonly RawRow[]) => void } {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at, content_hash, prev_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertBatch = db.transaction((rows: readonly RawRow[]) => {
    for (const r of rows)
      insert.run(r.eventId, r.stream, r.revision, r.type, r.schemaVersion, r.data, r.metadata, r.recordedAt, r.contentHash, r.prevHash);
  });
  return { db, insertBatch };
}

function timeRaw(insertBatch: (rows: readonly RawRow[]) => void, batches: readonly RawRow[][]): number {
  const started = process.hrtime.bigint();
  for (const rows of batches) insertBatch(rows);
  return elapsedSeconds(started);
}

/** Appends per slice (per writer): port and raw take turns slice by slice, so both see the same moments of a drifting disk. */
const SLICE = 50;

export async function measureAppends(options: {
  batchSize: number;
  events: number;
  rounds: number;
  storage: 'file' | 'memory';
  /** Concurrent callers of the port (the raw side always runs one transaction per batch, one after the other). */
  writers?: number;
}): Promise<AppendMeasurement> {
  const { batchSize, events, rounds, storage } = options;
  const writers = options.writers ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-append-'));
  const portRounds: number[] = [];
  const rawRounds: number[] = [];
  try {
    // Round -1 warms up (JIT, file-system caches) and is not counted.
    for (let round = -1; round < rounds; round++) {
      const plan = planAppends(events, batchSize);
      const rows = rawRows(plan);
      const file = (name: string) => (storage === 'memory' ? ':memory:' : join(dir, `${name}-${round + 1}.db`));
      const store = new SqliteEventStore({ filename: file('port') });
      const raw = openRaw(file('raw'));
      let portSeconds = 0;
      let rawSeconds = 0;
      try {
        // Concurrent writers get a longer slice, so each still has a run of appends of its own.
        const sliceSize = SLICE * writers;
        for (let from = 0, slice = 0; from < plan.length; from += sliceSize, slice++) {
          const appends = plan.slice(from, from + sliceSize);
          const batches = rows.slice(from, from + sliceSize);
          // Alternate which side goes first in each slice.
          if (slice % 2 === 0) portSeconds += await timePort(store, appends, writers);
          rawSeconds += timeRaw(raw.insertBatch, batches);
          if (slice % 2 === 1) portSeconds += await timePort(store, appends, writers);
        }
      } finally {
        await store.close();
        raw.db.close();
      }
      if (round >= 0) {
        const total = plan.length * batchSize;
        portRounds.push(total / portSeconds);
        rawRounds.push(total / rawSeconds);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const port = median(portRounds);
  const raw = median(rawRounds);
  return {
    batchSize,
    writers,
    events,
    storage,
    portEventsPerSecond: Math.round(port),
    rawEventsPerSecond: Math.round(raw),
    ratio: port / raw,
    portRounds,
    rawRounds,
  };
}

function streamIndex(stream: string): number {
  return Number(stream.slice(stream.lastIndexOf('-') + 1));
}

function elapsedSeconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const rounds = argument('rounds', 5);
  const events = argument('events', 20_000);
  const cases = [
    { batchSize: 10, events, storage: 'file' as const, target: { eventsPerSecond: 40_000, ratio: 0.85 } },
    {
      batchSize: 1,
      events: Math.max(1, Math.round(events / 5)),
      storage: 'file' as const,
      target: { eventsPerSecond: 5_000, ratio: 0.75 },
    },
    { batchSize: 10, events, storage: 'file' as const, writers: 16, target: { eventsPerSecond: 40_000, ratio: 0.85 } },
    { batchSize: 10, events, storage: 'memory' as const, target: undefined },
    { batchSize: 1, events, storage: 'memory' as const, target: undefined },
  ];
  console.log(`durable appends, ${rounds} rounds (median), ~600-byte events, 1,000 streams, exact expected revision`);
  console.log('raw: the same rows, prepared beforehand, one transaction per batch; writers: concurrent callers of the port');
  console.log('storage  batch  writers  events   port ev/s   raw ev/s   port/raw  target');
  for (const c of cases) {
    const m = await measureAppends({ ...c, rounds });
    const target = c.target
      ? `${m.portEventsPerSecond >= c.target.eventsPerSecond ? 'met' : 'MISSED'} >= ${c.target.eventsPerSecond}/s, ` +
        `${m.ratio >= c.target.ratio ? 'met' : 'MISSED'} >= ${c.target.ratio}x raw`
      : '(CPU cost only: no disk)';
    console.log(
      `${c.storage.padEnd(7)}  ${String(c.batchSize).padStart(5)}  ${String(m.writers).padStart(7)}  ${String(m.events).padStart(6)}  ${String(m.portEventsPerSecond).padStart(10)}  ` +
        `${String(m.rawEventsPerSecond).padStart(9)}  ${m.ratio.toFixed(2).padStart(8)}  ${target}`,
    );
    console.log(
      `         rounds port ${m.portRounds.map((v) => Math.round(v)).join(' ')} | raw ${m.rawRounds.map((v) => Math.round(v)).join(' ')}`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
