import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ledgerCliArgs, REPO_ROOT, runLedger, type CliRun } from '@ledger/test-support/cli/ledger-cli';
import { freePort } from '@ledger/test-support/process/api-process';

type Run = CliRun;

/** The `ledger` command in a child process (see runLedger), with 60 s to finish. */
const ledger = (args: string[], env: Record<string, string> = {}, input?: string, timeoutMs = 60_000): Promise<Run> =>
  runLedger(args, env, timeoutMs, input);

const storedEvents = (run: Run): number => Number(/holds (\d+) events/.exec(run.stdout)?.[1] ?? NaN);

const trainingLine = (trainingId: string, key?: string, participants = 25): string =>
  JSON.stringify({
    type: 'RecordTrainingSession',
    data: {
      trainingId,
      deliveredOn: '2024-02-14',
      country: 'KR',
      format: 'in_person',
      agencies: [{ name: 'Korean National Police Agency', kind: 'police', country: 'KR' }],
      participants,
      topics: ['tracing funds on chain'],
    },
    ...(key ? { idempotencyKey: key } : {}),
  });

// Each case starts one to three node processes that compile the sources on the fly.
jest.setTimeout(180_000);

describe('ledger CLI (child process, temp data dir)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('import appends a keyed NDJSON file once; importing it again appends nothing', async () => {
    const file = path.join(dir, 'trainings.ndjson');
    writeFileSync(file, [trainingLine('kr-1', 'kr:1'), trainingLine('kr-2', 'kr:2'), trainingLine('kr-3', 'kr:3')].join('\n') + '\n');
    const dataDir = path.join(dir, 'data');

    const first = await ledger(['import', file, '--data-dir', dataDir]);
    const again = await ledger(['import', file, '--data-dir', dataDir, '--json']);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 lines: 3 commands appended (3 events), 0 already imported, 0 failed');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, lines: 3, appended: 0, replayed: 3, failed: [] });
  });

  it('import exits 1 and names each failed line; nothing of the failed batch is appended', async () => {
    const file = path.join(dir, 'bad.ndjson');
    writeFileSync(file, [trainingLine('kr-1'), '{"type": "RecordTrainingSession"', trainingLine('kr-3', undefined, 0)].join('\n'));
    const dataDir = path.join(dir, 'data');

    const run = await ledger(['import', file, '--data-dir', dataDir, '--json']);

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: false, appended: 0, stoppedAtLine: 1 });
    expect(report.failed.map((f: { line: number; code: string }) => [f.line, f.code])).toEqual([[2, 'import.invalid_json']]);

    const text = await ledger(['import', file, '--data-dir', dataDir, '--continue', '--batch-size', '1']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('line 2: import.invalid_json');
    expect(text.stdout).toContain('line 3: invalid_count');
    expect(text.stdout).toContain('1 commands appended');
  });

  it('import - reads the commands from standard input', async () => {
    const run = await ledger(
      ['import', '-', '--data-dir', path.join(dir, 'data'), '--json'],
      {},
      `${trainingLine('kr-1')}\n${trainingLine('kr-2')}\n`,
    );

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, lines: 2, appended: 2 });
  });

  it('import takes lines with their original recording time only with --history', async () => {
    const line = JSON.stringify({
      ...JSON.parse(trainingLine('kr-h')),
      imported: { source: 'legacy-db', recordedAt: '2024-03-06T08:00:00Z' },
    });
    const dataDir = path.join(dir, 'data');

    const refused = await ledger(['import', '-', '--data-dir', dataDir, '--json'], {}, `${line}\n`);
    const accepted = await ledger(['import', '-', '--data-dir', dataDir, '--json', '--history'], {}, `${line}\n`);

    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).failed.map((f: { code: string }) => f.code)).toEqual(['import.imported_not_allowed']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ ok: true, appended: 1 });
  });

  it('import of a missing file says so and exits 1', async () => {
    const run = await ledger(['import', path.join(dir, 'nope.ndjson'), '--data-dir', path.join(dir, 'data')]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ledger: .*no such file/i);
  });

  it('demo seeds a small history; running it again on the same data dir appends nothing', async () => {
    const args = ['demo', '--no-serve', '--data-dir', path.join(dir, 'data'), '--scale', '0.005', '--until', '2022-01-01'];

    const first = await ledger(args);
    const again = await ledger(args);

    expect(first.code).toBe(0);
    const events = storedEvents(first);
    expect(events).toBeGreaterThan(100);
    expect(first.stdout).toMatch(/ 0 already imported, 0 failed/);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 commands appended \(0 events\), \d+ already imported, 0 failed/);
    expect(storedEvents(again)).toBe(events);
    // Not a terminal: plain progress lines, no bar escape codes.
    expect(first.stderr).not.toContain('\u001b[');
  });

  it('demo then serves the seeded store over HTTP', async () => {
    const port = await freePort();
    const demo = ['demo', '--data-dir', path.join(dir, 'data'), '--scale', '0.002', '--until', '2021-11-10', '--port', String(port)];
    const child = spawn(process.execPath, [...ledgerCliArgs(), ...demo], {
      cwd: REPO_ROOT,
      env: { ...process.env, LEDGER_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    try {
      let status = 0;
      for (let attempt = 0; attempt < 600 && status !== 200 && child.exitCode === null; attempt++) {
        status = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect({ status, output: status === 200 ? '' : output }).toEqual({ status: 200, output: '' });
      expect(output).toMatch(/holds \d+ events/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  });

  it("a demo with few requests still shows, through the ledger's own figures, the lines that do not depend on request volume", async () => {
    const dataDir = path.join(dir, 'data');
    expect((await ledger(['demo', '--no-serve', '--data-dir', dataDir, '--scale', '0.001'])).code).toBe(0);
    const figure = async (...args: string[]) => {
      const run = await ledger(['figures', ...args, '--json', '--data-dir', dataDir]);
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout).rows as { group: Record<string, string>; measures: Record<string, unknown> }[];
    };

    const [trainings2023] = await figure('trainings', '--year', '2023');
    const [fundsToDate] = await figure('funds', '--as-of', '2024-05-31T23:59:59Z');
    // The published "up 33%" was a flow rate: it is read under the methodology it was published with (v1).
    const rates = await figure('recovery-rate', '--group-by', 'year', '--definition-version', '1');
    const argentina = await figure('recovery-rate', '--filter', 'country=AR', '--year', '2024', '--definition-version', '1');

    expect(trainings2023.measures.sessions).toBeGreaterThanOrEqual(120); // line 1
    expect(Number(fundsToDate.measures.frozenUsd)).toBeGreaterThan(1_000_000_000); // line 10
    expect(rates.find((r) => r.group.year === '2024')?.measures).toMatchObject({ rate: '0.1463', yoyChange: '0.33' }); // line 11
    expect(rates.find((r) => r.group.year === '2023')?.measures).toMatchObject({ recoveredUsd: '55000000', rate: '0.11' });
    expect(Number(argentina[0].measures.recoveredUsd)).toBeGreaterThanOrEqual(170_000); // line 13
  });

  it('refuses a wrong environment or option before touching the store, naming what is wrong', async () => {
    const badEnv = await ledger(['demo', '--no-serve', '--data-dir', path.join(dir, 'data')], { LEDGER_LOG_LEVEL: 'loud' });
    const badScale = await ledger(['demo', '--no-serve', '--data-dir', path.join(dir, 'data'), '--scale', '0']);

    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('LEDGER_LOG_LEVEL');
    expect(badScale.code).toBe(1);
    expect(badScale.stderr).toContain('--scale');
  });
});
