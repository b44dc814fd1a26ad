import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore, type EventStore, type LogPosition } from '@ledger/event-store';
import { FIGURES, FigureService, Projector, SqliteFigureStore, type FigureQueryParams } from '@ledger/figures';
import { runWriter, type WriterReport } from './support/hot-stream-writer';
import { readWholeLog } from '@ledger/test-support/stores/whole-log';

const run = promisify(execFile);
// Two child processes start through the swc hook and every append is fsynced: far beyond jest's default 5 s.
jest.setTimeout(120_000);
const root = path.resolve(__dirname, '..', '..');

/**
 * Many writers on the same few hot streams, in this process and in two other processes on the same SQLite file,
 * each increment a read-modify-write with the revision it read, while the figures projector runs live and a bare
 * subscription follows the log. Checked against the log afterwards: no lost update (each stream's increments form
 * one unbroken chain), no duplicate, the subscription delivered every position exactly once, in order, and the
 * projector applied every event (its checkpoint counts all of them) and answers what a rebuild from zero answers.
 */
async function trainingAnswers(events: EventStore, store: SqliteFigureStore, head: number): Promise<string[]> {
  const service = new FigureService(events, store);
  const queries: FigureQueryParams[] = [{}, { groupBy: 'year,month' }, { knownAt: String(Math.floor(head / 2)) }];
  const out: string[] = [];
  for (const query of queries) out.push(JSON.stringify(await service.answer('trainings', query)));
  return out;
}

describe('concurrent writers on hot streams while the log is followed', () => {
  const HOT_STREAMS = ['training-hot-a', 'training-hot-b', 'training-hot-c'];
  const IN_PROCESS_WRITERS = 6;
  const INCREMENTS_PER_WRITER = 25;
  const CHILD_WRITERS = 2;
  let dir: string;
  let filename: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-concurrency-'));
    filename = path.join(dir, 'events.sqlite');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loses no update, duplicates nothing; the subscription and the projector skip no position', async () => {
    const store = new SqliteEventStore({ filename, pollIntervalMs: 20, busyTimeoutMs: 30_000 });
    for (const stream of HOT_STREAMS) {
      const trainingId = stream.slice('training-'.length);
      await store.appendToStream(
        stream,
        [
          {
            eventId: `00000000-0000-4000-8000-${Buffer.from(trainingId).toString('hex').padStart(12, '0').slice(-12)}`,
            type: 'TrainingSessionRecorded',
            schemaVersion: 1,
            data: {
              trainingId,
              deliveredOn: '2024-06-12',
              country: 'MX',
              format: 'in_person',
              agencies: [{ name: 'AIC', kind: 'police', country: 'MX' }],
              participants: 10,
              topics: ['tracing'],
            },
            metadata: { actor: 'service:training-team' },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    }

    // The follower: what a projector sees, consumed while the writers run.
    const delivered: LogPosition[] = [];
    const stop = new AbortController();
    const follower = (async () => {
      for await (const event of store.subscribeToAll({ signal: stop.signal })) delivered.push(event.position);
    })();

    // The projector, live, in small batches so it commits many times while the writers run.
    const figures = new SqliteFigureStore({ filename: path.join(dir, 'figures.sqlite'), busyTimeoutMs: 30_000 });
    const projector = new Projector(store, figures, { batchSize: 16 });
    const stopProjector = new AbortController();
    const projecting = projector.run(stopProjector.signal);

    const children = Array.from({ length: CHILD_WRITERS }, (_, i) =>
      run(
        process.execPath,
        [
          '-r',
          path.join(root, 'bench/support/register.js'),
          path.join(__dirname, 'support/hot-stream-writer.ts'),
          filename,
          HOT_STREAMS.join(','),
          String(INCREMENTS_PER_WRITER),
          `process-${i}`,
        ],
        {
          cwd: root,
          maxBuffer: 16 * 1024 * 1024,
        },
      ).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()!) as WriterReport),
    );
    const local = Array.from({ length: IN_PROCESS_WRITERS }, (_, i) => runWriter(store, HOT_STREAMS, INCREMENTS_PER_WRITER, `local-${i}`));
    const reports = await Promise.all([...local, ...children]);

    const head = (await store.headPosition())!;
    while ((delivered[delivered.length - 1] ?? 0) < head) await new Promise((resolve) => setTimeout(resolve, 10));
    stop.abort();
    await follower;
    // Every figure, not just those with a checkpoint so far: the first build may still be running (it turns the
    // event loop as it goes), and an empty list would pass at once.
    const caughtUp = async () => {
      const checkpoints = await figures.checkpoints();
      return checkpoints.length === FIGURES.length && checkpoints.every((c) => c.position >= head);
    };
    while (!(await caughtUp())) await new Promise((resolve) => setTimeout(resolve, 10));
    stopProjector.abort();
    await projecting;

    const log = await readWholeLog(store);
    const rebuilt = new SqliteFigureStore({ filename: path.join(dir, 'rebuilt.sqlite') });
    await new Projector(store, rebuilt).rebuild();
    const liveAnswers = await trainingAnswers(store, figures, head);
    const rebuiltAnswers = await trainingAnswers(store, rebuilt, head);
    const trainingsCheckpoint = (await figures.checkpoints()).find((c) => c.figure === 'trainings');
    await rebuilt.close();
    await figures.close();
    await store.close();

    const acks = reports.flatMap((r) => r.acks);
    const totalIncrements = (IN_PROCESS_WRITERS + CHILD_WRITERS) * INCREMENTS_PER_WRITER;
    expect(acks).toHaveLength(totalIncrements);
    expect(log).toHaveLength(HOT_STREAMS.length + totalIncrements);

    // No duplicate: each acknowledged increment is stored once, at the place its append returned.
    const byEventId = new Map(log.map((e) => [e.eventId, e]));
    expect(byEventId.size).toBe(log.length);
    for (const ack of acks)
      expect(byEventId.get(ack.eventId)).toMatchObject({ stream: ack.stream, revision: ack.revision, position: ack.position });

    // No lost update: per stream, every increment starts from the value the previous one produced.
    for (const stream of HOT_STREAMS) {
      const events = log.filter((e) => e.stream === stream);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      const chain = events.slice(1).map((e) => e.data as { replaces: { participants: number }; changes: { participants: number } });
      chain.forEach((step, i) =>
        expect({ stream, revision: i + 1, from: step.replaces.participants }).toEqual({ stream, revision: i + 1, from: 10 + i }),
      );
      expect(chain.every((step) => step.changes.participants === step.replaces.participants + 1)).toBe(true);
    }

    // The follower saw exactly the log: every position once, in order, none skipped.
    expect(delivered).toEqual(log.map((e) => e.position));

    // The projector applied every event once: its count is the log's, and it answers what a rebuild answers.
    expect(trainingsCheckpoint).toMatchObject({ position: head, events: log.length });
    expect(liveAnswers).toEqual(rebuiltAnswers);
    const measures = JSON.parse(liveAnswers[0]).rows[0].measures;
    expect({ sessions: Number(measures.sessions), participants: Number(measures.participants) }).toEqual({
      sessions: HOT_STREAMS.length,
      participants: HOT_STREAMS.length * 10 + totalIncrements,
    });

    // The contention was real: writers lost races and retried.
    expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);
  });
});
