import fs from 'node:fs';
import path from 'node:path';
import { ensureHistoryFixture } from '../lib/fixtures';
import { runJob, type JobResult } from '../lib/jobs';
import type { Measurement } from '../lib/report';
import { progress, runScenario, type ScenarioContext } from '../lib/scenario';
import { round } from '../lib/stats';

/**
 * Everything measured over a stored history of N events (the synthetic history of lib/history.ts, written through
 * the store port and cached): full rebuild of every figure, figure answers (current, asOf, knownAt), verify, export,
 * and the peak RSS of each, with the raw baseline of the same run: better-sqlite3 read of the same rows + JSON.parse.
 * Each measurement runs in a fresh process (lib/jobs.ts), so each peak RSS is that job's own.
 */
const SIZES = { quick: [250_000], full: [1_000_000, 10_000_000] };
/** The memory bound rebuild and export must stay under at every history size (streaming, not loading). */
const RSS_BOUND_MB = 512;

function label(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
}

runScenario('history', async (context: ScenarioContext) => {
  const measurements: Measurement[] = [];
  const common = { command: context.command, durability: context.durability };
  for (const count of context.sizes ?? SIZES[context.profile]) {
    const size = label(count);
    const fixture = await ensureHistoryFixture(context.fixtureDir, count);
    const fileMb = Math.round(fs.statSync(fixture.file).size / 2 ** 20);
    if (fixture.seededNow) {
      measurements.push({
        ...common,
        id: `append.port.bulk.${size}`,
        group: 'Durable appends',
        label: `store port appendMany, whole streams, ~5,000 events per transaction (writing the ${size} history)`,
        value: fixture.seedRate ?? 0,
        unit: 'events/s',
        metrics: { events: count, seconds: round((fixture.seedMs ?? 0) / 1000, 1), fileMb },
      });
    }
    const figuresFile = path.join(context.workDir, `figures-${size}.sqlite`);
    const run = async (job: string, args: Record<string, unknown> = {}): Promise<JobResult> => {
      progress(`${size}: ${job}`);
      return runJob(job, { file: fixture.file, ...args });
    };
    const raw = await run('raw-read');
    const portRead = await run('port-read');
    const rebuild = await run('rebuild', { figuresFile });
    const answers = await run('answers', { figuresFile, repeats: context.profile === 'quick' ? 30 : count >= 5_000_000 ? 20 : 100 });
    const verify = await run('verify');
    const exported = await run('export', { outFile: path.join(context.workDir, 'export.ndjson') });
    const figuresMb = Math.round(fs.statSync(figuresFile).size / 2 ** 20);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${figuresFile}${suffix}`, { force: true });

    const rawRate = Number(raw.eventsPerSecond);
    const rawBaseline = { id: `rebuild.raw.${size}`, label: 'raw read + JSON.parse', value: rawRate, unit: 'events/s' };
    const rebuildRate = Number(rebuild.eventsPerSecond);
    const rebuildRatio = round(rebuildRate / rawRate, 2);
    measurements.push(
      {
        ...common,
        id: `rebuild.raw.${size}`,
        group: 'Rebuild and reads',
        label: `raw better-sqlite3 read + JSON.parse of data and metadata, ${size} events`,
        value: rawRate,
        unit: 'events/s',
        metrics: { events: raw.events, seconds: round(raw.elapsedMs / 1000, 1), peakRssMb: raw.peakRssMb, fileMb },
        notes: 'baseline',
      },
      {
        ...common,
        id: `read.port.${size}`,
        group: 'Rebuild and reads',
        label: `read the whole log through the store port (pages of 5,000), ${size} events`,
        value: Number(portRead.eventsPerSecond),
        unit: 'events/s',
        metrics: { events: portRead.events, seconds: round(portRead.elapsedMs / 1000, 1), peakRssMb: portRead.peakRssMb },
        baseline: rawBaseline,
        ratio: round(Number(portRead.eventsPerSecond) / rawRate, 2),
      },
      {
        ...common,
        id: `rebuild.figures.${size}`,
        group: 'Rebuild and reads',
        label: `full rebuild of all figures from position 0, ${size} events`,
        value: rebuildRate,
        unit: 'events/s',
        metrics: {
          events: rebuild.events,
          figures: rebuild.figures,
          seconds: round(rebuild.elapsedMs / 1000, 1),
          peakRssMb: rebuild.peakRssMb,
          figureStoreMb: figuresMb,
        },
        baseline: rawBaseline,
        ratio: rebuildRatio,
        target: { text: '>= 250k events/s and >= 0.85x raw read+parse', met: rebuildRate >= 250_000 && rebuildRatio >= 0.85 },
        notes: 'figure store in its own SQLite file (synchronous=NORMAL, as the figure store adapter sets it)',
      },
    );
    for (const kind of ['current', 'asOf', 'knownAt', 'knownAtTime'] as const) {
      const p99 = Number(answers[`${kind}P99Ms`]);
      measurements.push({
        ...common,
        id: `answer.${kind}.${size}`,
        group: 'Figure answers',
        label: `${kind} answer, every figure grouped by year, ${size} events`,
        value: p99,
        unit: 'ms p99',
        metrics: {
          p50Ms: Number(answers[`${kind}P50Ms`]),
          maxMs: Number(answers[`${kind}MaxMs`]),
          samples: Number(answers[`${kind}Samples`]),
        },
        target: { text: '< 50 ms (stated at 10M events)', met: Number(answers[`${kind}MaxMs`]) < 50 },
        notes:
          kind === 'asOf'
            ? 'asOf=2022-06-30 (business time)'
            : kind === 'knownAt'
              ? 'knownAt = half the log (a position inside a rollup bucket)'
              : kind === 'knownAtTime'
                ? 'knownAt = the recording time of the event half way through the log'
                : 'no time filter; no raw equivalent, so no ratio',
      });
    }
    const verifyRate = Number(verify.eventsPerSecond);
    measurements.push({
      ...common,
      id: `verify.${size}`,
      group: 'Verify',
      label: `verify every hash chain and the Merkle tree, ${size} events`,
      value: verifyRate,
      unit: 'events/s',
      metrics: {
        events: verify.events,
        streams: verify.streams,
        seconds: round(verify.elapsedMs / 1000, 1),
        peakRssMb: verify.peakRssMb,
        rebuildEventsPerSecond: rebuildRate,
      },
      baseline: rawBaseline,
      ratio: round(verifyRate / rawRate, 2),
      target: { text: 'at least as fast as the rebuild', met: verifyRate >= rebuildRate },
    });
    for (const [job, result] of [
      ['rebuild', rebuild],
      ['verify', verify],
      ['export', exported],
    ] as const) {
      measurements.push({
        ...common,
        id: `memory.${job}.${size}`,
        group: 'Memory',
        label: `peak RSS of ${job === 'rebuild' ? 'a full rebuild' : job === 'verify' ? 'verify' : 'an NDJSON export of the whole log through the store port'}, ${size} events`,
        value: result.peakRssMb,
        unit: 'MiB',
        metrics: {
          events: result.events,
          seconds: round(result.elapsedMs / 1000, 1),
          ...(job === 'export' ? { exportMb: Math.round(Number(result.bytes) / 2 ** 20) } : {}),
        },
        baseline: { id: `rebuild.raw.${size}`, label: 'raw read + parse process', value: raw.peakRssMb, unit: 'MiB' },
        ratio: round(result.peakRssMb / raw.peakRssMb, 2),
        target: { text: `< ${RSS_BOUND_MB} MiB at any history size`, met: result.peakRssMb < RSS_BOUND_MB },
      });
    }
  }
  return { measurements, skipped: [] };
});
