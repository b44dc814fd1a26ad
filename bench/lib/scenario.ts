import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DURABILITY } from './environment';
import type { Measurement, ScenarioReport, Skipped } from './report';
import { peakRssMb } from './stats';

export type Profile = 'quick' | 'full';

/** What a scenario process is told by the runner (through the BENCH_CONTEXT environment variable). */
export interface ScenarioContext {
  readonly profile: Profile;
  /** Repository root. */
  readonly root: string;
  /** Scratch directory of this scenario, removed afterwards. */
  readonly workDir: string;
  /** Cached seeded stores, reused across runs (large histories take minutes to write). */
  readonly fixtureDir: string;
  /** The command that reproduces this scenario's figures. */
  readonly command: string;
  readonly durability: string;
  /** History sizes (events) for the history scenario, when `--sizes` overrides the profile's. */
  readonly sizes?: readonly number[];
}

export interface ScenarioOutput {
  readonly measurements: Measurement[];
  readonly skipped: Skipped[];
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function npmCommand(profile: Profile, scenario: string): string {
  return `npm run ${profile === 'full' ? 'bench:full' : 'bench'} -- --only ${scenario}`;
}

/** Context of a scenario run by hand (`node -r ./bench/support/register.js bench/scenarios/x.ts`). */
function defaultContext(name: string): ScenarioContext {
  const root = path.resolve(__dirname, '..', '..');
  const profile: Profile = process.argv.includes('--full') ? 'full' : 'quick';
  return {
    profile,
    root,
    workDir: fs.mkdtempSync(path.join(os.tmpdir(), `ledger-bench-${name}-`)),
    fixtureDir: process.env.BENCH_FIXTURE_DIR ?? path.join(os.tmpdir(), 'ledger-bench-fixtures'),
    command: npmCommand(profile, name),
    durability: DURABILITY,
  };
}

/**
 * Runs a scenario as its own process: its peak RSS is its own, and no earlier scenario's heap or open files
 * disturb it. Prints progress on stderr and the report as the last stdout line.
 */
export function runScenario(name: string, body: (context: ScenarioContext) => Promise<ScenarioOutput>): void {
  const context: ScenarioContext = process.env.BENCH_CONTEXT ? JSON.parse(process.env.BENCH_CONTEXT) : defaultContext(name);
  fs.mkdirSync(context.workDir, { recursive: true });
  const started = Date.now();
  body(context)
    .then((output) => {
      const report: ScenarioReport = { scenario: name, ...output, peakRssMb: peakRssMb(), elapsedMs: Date.now() - started };
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(report)}\n`);
    })
    .catch((error: unknown) => {
      const report: ScenarioReport = {
        scenario: name,
        measurements: [],
        skipped: [{ scenario: name, reason: `failed: ${(error as Error)?.stack ?? String(error)}` }],
        peakRssMb: peakRssMb(),
        elapsedMs: Date.now() - started,
      };
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(report)}\n`);
      process.exitCode = 1;
    })
    .finally(() => fs.rmSync(context.workDir, { recursive: true, force: true }));
}

export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
