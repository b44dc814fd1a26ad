import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureEnvironment, DURABILITY } from './lib/environment';
import { ratioText, readRunResults, writeBenchmarksMarkdown, writeRunResult, type RunResult, type ScenarioReport } from './lib/report';
import { npmCommand, RESULT_PREFIX, type Profile, type ScenarioContext } from './lib/scenario';

/**
 * The benchmark suite: `npm run bench` (the quick subset, a few minutes on 2 cores) or `npm run bench:full`.
 * Options: `--only append,http` runs some scenarios; `--sizes 1000000` sets the history sizes (events);
 * `--no-write` prints without writing results; `--render` only rewrites BENCHMARKS.md from bench/results. BENCH_FIXTURE_DIR: where seeded histories are cached.
 * Each scenario runs in its own process; results go to bench/results/<time>-<profile>.json and BENCHMARKS.md.
 */
const SCENARIOS = ['append', 'http', 'history', 'live'] as const;
const root = path.resolve(__dirname, '..');
const register = path.join(__dirname, 'support', 'register.js');

function parseArgs(argv: readonly string[]): { profile: Profile; only: string[]; write: boolean; sizes?: number[] } {
  const profile: Profile = argv.includes('--full') ? 'full' : 'quick';
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? '').split(',').filter(Boolean) : [...SCENARIOS];
  const unknown = only.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  const sizesIndex = argv.indexOf('--sizes');
  const sizes = sizesIndex >= 0 ? (argv[sizesIndex + 1] ?? '').split(',').map(Number) : undefined;
  if (sizes && sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error('--sizes takes event counts, e.g. --sizes 1000000,10000000');
  return { profile, only, write: !argv.includes('--no-write'), ...(sizes ? { sizes } : {}) };
}

function runChild(name: string, context: ScenarioContext): Promise<ScenarioReport> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '-r', register, path.join(__dirname, 'scenarios', `${name}.ts`)], {
      cwd: root,
      env: { ...process.env, BENCH_CONTEXT: JSON.stringify(context) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line) return resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ScenarioReport);
      resolve({
        scenario: name,
        measurements: [],
        skipped: [{ scenario: name, reason: `process ended (code ${code}, signal ${signal}) without a report: ${stdout.slice(-500)}` }],
      });
    });
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--render')) {
    writeBenchmarksMarkdown(path.join(root, 'BENCHMARKS.md'), readRunResults(path.join(__dirname, 'results')));
    process.stderr.write('BENCHMARKS.md rewritten from bench/results\n');
    return;
  }
  const { profile, only, write, sizes } = parseArgs(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const environment = captureEnvironment(root);
  const fixtureDir = process.env.BENCH_FIXTURE_DIR ?? path.join(os.tmpdir(), 'ledger-bench-fixtures');
  const scenarios: ScenarioReport[] = [];
  process.stderr.write(`bench ${profile}: ${only.join(', ')} on Node ${environment.node}, ${environment.cpus} CPUs\n`);
  for (const name of only) {
    process.stderr.write(`- ${name}\n`);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `ledger-bench-${name}-`));
    const command = `${npmCommand(profile, name)}${sizes && name === 'history' ? ` --sizes ${sizes.join(',')}` : ''}`;
    const report = await runChild(name, {
      profile,
      root,
      workDir,
      fixtureDir,
      command,
      durability: DURABILITY,
      ...(sizes ? { sizes } : {}),
    });
    fs.rmSync(workDir, { recursive: true, force: true });
    for (const m of report.measurements) {
      const ratio = m.ratio !== undefined ? `  (${ratioText(m)})` : '';
      process.stderr.write(`    ${m.label}: ${m.value} ${m.unit}${ratio}\n`);
    }
    for (const s of report.skipped) process.stderr.write(`    not measured: ${s.reason.split('\n')[0]}\n`);
    scenarios.push(report);
  }
  const argsText = process.argv
    .slice(2)
    .filter((a) => a !== '--full')
    .join(' ');
  const result: RunResult = {
    suiteVersion: 1,
    profile,
    complete: SCENARIOS.every((name) => only.includes(name)),
    command: `${profile === 'full' ? 'npm run bench:full' : 'npm run bench'}${argsText ? ` -- ${argsText}` : ''}`,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment,
    durability: DURABILITY,
    scenarios,
  };
  if (!write) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const file = writeRunResult(path.join(__dirname, 'results'), result);
  writeBenchmarksMarkdown(path.join(root, 'BENCHMARKS.md'), readRunResults(path.join(__dirname, 'results')));
  process.stderr.write(`results: ${path.relative(root, file)}; BENCHMARKS.md updated\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
