import fs from 'node:fs';
import path from 'node:path';
import type { BenchEnvironment } from './environment';

/** One figure of the suite: what was measured, how to reproduce it, and what it compares to. */
export interface Measurement {
  /** Stable id, e.g. `append.port.w16.b10`, so runs can be compared over time. */
  readonly id: string;
  /** Section of BENCHMARKS.md, e.g. "Durable appends". */
  readonly group: string;
  readonly label: string;
  /** The headline number and its unit (events/s, ms, MiB). */
  readonly value: number;
  readonly unit: string;
  /** Every number measured for this figure (latency percentiles, counts, peak RSS...). */
  readonly metrics: Readonly<Record<string, number | string>>;
  /** The command that reproduces exactly this figure. */
  readonly command: string;
  /** Store durability setting the figure was measured with ('n/a' when no store is written). */
  readonly durability: string;
  /** The raw figure of the same work measured in the same run: what the machine can do without the ledger. */
  readonly baseline?: { readonly id: string; readonly label: string; readonly value: number; readonly unit: string };
  /** value / baseline.value. */
  readonly ratio?: number;
  /** A target (BENCHMARKS.md, "Targets") and whether this run met it. */
  readonly target?: { readonly text: string; readonly met: boolean };
  readonly notes?: string;
}

/** A scenario that could not run (a part it needs has not landed, or it failed): reported, never silently dropped. */
export interface Skipped {
  readonly scenario: string;
  readonly reason: string;
}

export interface ScenarioReport {
  readonly scenario: string;
  readonly measurements: Measurement[];
  readonly skipped: Skipped[];
  /** Peak RSS of the child process that ran the scenario (MiB). */
  readonly peakRssMb?: number;
  readonly elapsedMs?: number;
}

export interface RunResult {
  readonly suiteVersion: 1;
  readonly profile: string;
  /** False when only some scenarios ran (`--only`). */
  readonly complete: boolean;
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: BenchEnvironment;
  readonly durability: string;
  readonly scenarios: ScenarioReport[];
}

export function writeRunResult(resultsDir: string, result: RunResult): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, resultFileName(result));
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function readRunResults(resultsDir: string): RunResult[] {
  if (!fs.existsSync(resultsDir)) return [];
  return fs
    .readdirSync(resultsDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(resultsDir, name), 'utf8')) as RunResult)
    .filter((run) => run.suiteVersion === 1);
}

/**
 * What BENCHMARKS.md shows: per profile, the newest complete run, and any partial (`--only`) run newer than it
 * (the newest for each command, so `--sizes 1000000` and `--sizes 10000000` both show). Full profile first.
 */
export function latestRuns(runs: readonly RunResult[]): RunResult[] {
  const shown: RunResult[] = [];
  for (const profile of [...new Set(runs.map((r) => r.profile))].sort((a, b) =>
    a === 'full' ? -1 : b === 'full' ? 1 : a.localeCompare(b),
  )) {
    const ofProfile = runs.filter((r) => r.profile === profile).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const complete = ofProfile.filter((r) => r.complete).pop();
    if (complete) shown.push(complete);
    const partials = new Map<string, RunResult>();
    for (const run of ofProfile) {
      if (!run.complete && (!complete || run.startedAt > complete.startedAt)) partials.set(run.command, run);
    }
    shown.push(...[...partials.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)));
  }
  return shown;
}

export function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(Number(value.toPrecision(4)));
  return unit ? `${text} ${unit}` : text;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function metricsText(m: Measurement): string {
  return Object.entries(m.metrics)
    .map(([key, value]) => `${key} ${typeof value === 'number' ? formatNumber(value, '') : value}`)
    .join(', ');
}

/** A ratio as it is printed, naming its baseline (raw reads and writes, but also the events table, or the command
 *  side without a projector): `0.93x raw read + JSON.parse`. Empty without a ratio. */
export function ratioText(m: Pick<Measurement, 'ratio' | 'baseline'>): string {
  if (m.ratio === undefined) return '';
  return `${m.ratio.toFixed(2)}x ${m.baseline?.label ?? 'baseline'}`;
}

/** Markdown tables of one run, one section per group, every row with its command. */
export function renderRun(run: RunResult): string {
  const env = run.environment;
  const lines: string[] = [];
  lines.push(
    `### Profile \`${run.profile}\`${run.complete ? '' : ` (partial run: ${run.scenarios.map((s) => s.scenario).join(', ')})`}, ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
  );
  lines.push('');
  lines.push(`- Command: \`${run.command}\``);
  lines.push(
    `- Environment: Node ${env.node}, ${env.cpus} CPUs (${env.cpuModel}), ${env.totalMemoryGb} GiB RAM, ${env.platform} ${env.kernel}, ` +
      `better-sqlite3 ${env.betterSqlite3} (SQLite ${env.sqlite}), commit ${env.gitCommit}${env.gitDirty ? ' with uncommitted changes' : ''}`,
  );
  lines.push(`- Store durability: ${run.durability}`);
  lines.push(`- Results file: \`bench/results/${path.basename(resultFileName(run))}\``);
  lines.push('');
  const groups = new Map<string, Measurement[]>();
  for (const scenario of run.scenarios) {
    for (const m of scenario.measurements) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  }
  for (const [group, measurements] of groups) {
    lines.push(`#### ${group}`);
    lines.push('');
    lines.push('| figure | result | baseline (same run) | ratio to baseline | target | details | command | durability |');
    lines.push('|---|---:|---:|---:|---|---|---|---|');
    for (const m of measurements) {
      const baseline = m.baseline ? `${formatNumber(m.baseline.value, m.baseline.unit)} (${m.baseline.label})` : '';
      const ratio = m.ratio !== undefined ? `${m.ratio.toFixed(2)}x` : '';
      const target = m.target ? `${m.target.met ? 'met' : '**missed**'}: ${m.target.text}` : '';
      lines.push(
        `| ${cell(m.label)} | ${cell(formatNumber(m.value, m.unit))} | ${cell(baseline)} | ${ratio} | ${cell(target)} | ${cell(metricsText(m))}${m.notes ? `; ${cell(m.notes)}` : ''} | \`${cell(m.command)}\` | ${cell(m.durability)} |`,
      );
    }
    lines.push('');
  }
  const skipped = run.scenarios.flatMap((s) => s.skipped);
  if (skipped.length > 0) {
    lines.push('#### Not measured in this run');
    lines.push('');
    for (const s of skipped) lines.push(`- \`${s.scenario}\`: ${s.reason}`);
    lines.push('');
  }
  lines.push('#### Scenario processes');
  lines.push('');
  lines.push('| scenario | wall time | peak RSS of its process |');
  lines.push('|---|---:|---:|');
  for (const s of run.scenarios) {
    lines.push(
      `| ${s.scenario} | ${s.elapsedMs !== undefined ? `${(s.elapsedMs / 1000).toFixed(1)} s` : ''} | ${s.peakRssMb !== undefined ? `${s.peakRssMb} MiB` : ''} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export function resultFileName(run: RunResult): string {
  return `${run.startedAt.replace(/:/g, '').replace(/\.\d+Z$/, 'Z')}-${run.profile}.json`;
}

const GENERATED_START = '<!-- generated by bench/run.ts: everything below is rewritten on each run -->';

/** Rewrites the generated part of BENCHMARKS.md (below the marker) from the newest run of each profile. */
export function writeBenchmarksMarkdown(file: string, runs: readonly RunResult[]): void {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const marker = existing.indexOf(GENERATED_START);
  const head = marker >= 0 ? existing.slice(0, marker) : existing || '# Benchmarks\n\n';
  const body = latestRuns(runs).map(renderRun).join('\n');
  fs.writeFileSync(file, `${head}${GENERATED_START}\n\n## Latest results\n\n${body || '_No run recorded yet: `npm run bench`._\n'}`);
}
