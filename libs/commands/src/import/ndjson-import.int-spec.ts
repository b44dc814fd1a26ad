import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { FixedClock, randomIds } from '../clock';
import { CommandPipeline } from '../command-pipeline';
import { importNdjson } from './ndjson-import';

const training = (trainingId: string, participants = 20, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    type: 'RecordTrainingSession',
    data: {
      trainingId,
      deliveredOn: '2024-03-05',
      country: 'BR',
      format: 'in_person',
      agencies: [{ name: 'Polícia Federal', kind: 'police', country: 'BR' }],
      participants,
      topics: ['tracing funds on chain'],
    },
    ...extra,
  });

describe('importNdjson into a real SQLite store', () => {
  let dir: string;
  let store: EventStore;
  let pipeline: CommandPipeline;
  const options = { actor: 'service:import-test' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    store = createEventStore({ kind: 'sqlite', filename: join(dir, 'events.sqlite') });
    pipeline = new CommandPipeline(store, new FixedClock('2025-01-01T00:00:00.000Z'), randomIds);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends every line of a valid input, in batches, and reports the counts', async () => {
    const text = [training('t-1'), training('t-2'), training('t-3'), training('t-4'), training('t-5')].join('\n') + '\n';

    const report = await importNdjson(text, pipeline, { ...options, batchSize: 2 });

    expect(report).toMatchObject({
      ok: true,
      lines: 5,
      batches: 3,
      appended: 5,
      events: 5,
      replayed: 0,
      failedLines: 0,
      failed: [],
      notAppended: 0,
    });
    expect(await store.headPosition()).toBe(5);
  });

  it('appends nothing of a batch with a malformed line, names each bad line, and stops appending after it', async () => {
    const lines = [
      training('t-1'),
      training('t-2'),
      '{"type": "RecordTrainingSession", "data": ',
      training('t-4'),
      '{"type": "FlyToTheMoon", "data": {}}',
      training('t-6'),
    ];

    const report = await importNdjson(lines.join('\n'), pipeline, { ...options, batchSize: 2 });

    expect(report.ok).toBe(false);
    expect(report.failed).toEqual([
      { line: 3, code: 'import.invalid_json', message: expect.stringContaining('not valid JSON') },
      { line: 5, code: 'import.unknown_type', message: expect.stringContaining('RecordTrainingSession') },
    ]);
    expect(report).toMatchObject({ appended: 2, batches: 1, stoppedAtLine: 3, notAppended: 2 });
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['training-t-1', 'training-t-2']);
  });

  it('appends nothing of a batch the domain refuses and reports the line with the domain code', async () => {
    const lines = [training('t-1'), training('t-2', 0), training('t-3')];

    const report = await importNdjson(lines.join('\n'), pipeline, { ...options, batchSize: 10 });

    expect(report.failed).toEqual([{ line: 2, code: 'invalid_count', message: expect.stringContaining('participants') }]);
    expect(report).toMatchObject({ ok: false, appended: 0, notAppended: 2 });
    expect(await store.headPosition()).toBeUndefined();
  });

  it('keeps going after a failed batch when asked to continue', async () => {
    const lines = [training('t-1'), training('t-1'), training('t-3'), training('t-4')];

    const report = await importNdjson(lines.join('\n'), pipeline, { ...options, batchSize: 2, onFailure: 'continue' });

    expect(report.failed).toEqual([{ line: 2, code: 'training.already_recorded', message: expect.any(String) }]);
    expect(report).toMatchObject({ appended: 2, notAppended: 1 });
    expect(report.stoppedAtLine).toBeUndefined();
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['training-t-3', 'training-t-4']);
  });

  it('imports the same keyed file twice and appends it once', async () => {
    const text = [1, 2, 3].map((n) => training(`t-${n}`, 20, { idempotencyKey: `file-a:${n}` })).join('\n');
    await importNdjson(text, pipeline, options);

    const again = await importNdjson(text, pipeline, options);

    expect(again).toMatchObject({ ok: true, appended: 0, replayed: 3, events: 0 });
    expect(await store.headPosition()).toBe(3);
  });

  it('refuses a key reused for a different command', async () => {
    await importNdjson(training('t-1', 20, { idempotencyKey: 'k-1' }), pipeline, options);

    const report = await importNdjson(training('t-1', 21, { idempotencyKey: 'k-1' }), pipeline, options);

    expect(report.failed).toEqual([{ line: 1, code: 'idempotency.key_reused', message: expect.stringContaining('k-1') }]);
  });

  it('checks the form of each line: object, known fields, data object, key shape', async () => {
    const lines = [
      '[1, 2]',
      '{"type": "RecordTrainingSession", "data": {}, "extra": 1}',
      '{"type": "RecordTrainingSession", "data": []}',
      training('t-1', 20, { idempotencyKey: 'has space' }),
    ];

    const report = await importNdjson(lines.join('\n'), pipeline, { ...options, onFailure: 'continue' });

    expect(report.failed.map((f) => [f.line, f.code])).toEqual([
      [1, 'import.not_an_object'],
      [2, 'import.unknown_field'],
      [3, 'import.missing_data'],
      [4, 'import.invalid_idempotency_key'],
    ]);
    expect(await store.headPosition()).toBeUndefined();
  });

  it('streams a file line by line: CRLF endings, a BOM and blank lines keep their line numbers', async () => {
    const file = join(dir, 'big.ndjson');
    const lines = Array.from({ length: 3000 }, (_, i) => training(`bulk-${i}`));
    lines.splice(10, 0, '');
    writeFileSync(file, '\uFEFF' + lines.join('\r\n') + '\r\n');
    const progress: number[] = [];

    const report = await importNdjson(createReadStream(file), pipeline, {
      ...options,
      batchSize: 250,
      onProgress: (p) => progress.push(p.lines),
    });

    expect(report).toMatchObject({ ok: true, lines: 3000, appended: 3000, batches: 12 });
    expect(progress.at(-1)).toBe(3000);
    expect(progress.length).toBeGreaterThanOrEqual(12);
    expect(await store.headPosition()).toBe(3000);
  });

  it('numbers lines as a text editor does, blank lines and a BOM included', async () => {
    const text = '\uFEFF' + [training('t-1'), '', training('t-3'), '{oops', training('t-5')].join('\r\n');

    const report = await importNdjson(text, pipeline, { ...options, onFailure: 'continue' });

    expect(report.failed.map((f) => f.line)).toEqual([4]);
    expect(report.lines).toBe(4);
  });

  it('caps the listed failures but counts them all', async () => {
    const text = Array.from({ length: 30 }, () => 'nope').join('\n');

    const report = await importNdjson(text, pipeline, { ...options, maxReportedFailures: 5 });

    expect(report.failed).toHaveLength(5);
    expect(report.failedLines).toBe(30);
  });

  it('a file with a line past the byte cap: the lines before it go in, reading stops at it (CLI import reads files this way)', async () => {
    const file = join(dir, 'long-line.ndjson');
    writeFileSync(file, [training('t-1'), training('t-2'), 'x'.repeat(3 * 1024 * 1024), training('t-never')].join('\n'));

    const report = await importNdjson(createReadStream(file, { highWaterMark: 64 * 1024 }), pipeline, { ...options, batchSize: 2 });

    expect(report).toMatchObject({
      ok: false,
      appended: 2,
      lines: 3,
      linesInLog: [{ from: 1, to: 2 }],
      failed: [{ line: 3, code: 'import.line_too_long' }],
    });
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['training-t-1', 'training-t-2']);
  });

  it('a batch also ends at its byte cap, so heavy lines never pile up in memory', async () => {
    const lines = ['t-1', 't-2', 't-3', 't-4', 't-5'].map((id) => training(id));
    const report = await importNdjson(lines.join('\n'), pipeline, { ...options, batchSize: 500, maxBatchBytes: lines[0].length * 2 });
    expect(report).toMatchObject({ ok: true, appended: 5, batches: 3, linesInLog: [{ from: 1, to: 5 }] });
  });
});
