import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureHistoryFixture } from '../lib/fixtures';
import type { Measurement } from '../lib/report';
import { progress, runScenario, type ScenarioContext } from '../lib/scenario';
import { round } from '../lib/stats';

/**
 * The live projector's lag under a sustained command rate (issue 14: it keeps up with 5k commands/s, lag under 1 s).
 * Runs bench/figures/live-lag.ts as a child, one run per mode, in the same run: `--projector none` first (the command
 * side alone: the baseline rate), then the projector in a process of its own (`external`, as `ledger project` runs
 * it; its lag is the figure), on a thread of the command side's process (`thread`, as an API with
 * LEDGER_PROJECTOR=thread runs it) and, in the full profile, on the API's event loop (`in-process`: never behind,
 * because the commands wait instead, so its acknowledged rate is the figure to read). Then the projector's ceiling: its rate
 * alone, batch by batch over a stored history (live-throughput.ts).
 */
const RATE = 5000;
const SECONDS = { quick: 15, full: 60 };
const MODES = { quick: ['none', 'external', 'thread'], full: ['none', 'external', 'thread', 'in-process'] } as const;
const LAG_P99_MS = 1000;
/** Events of the bench history the projector's ceiling is measured over (live-throughput.ts). */
const CEILING_EVENTS = 75_000;
/** "Keeps up with 5k commands/s": at least this share of the target rate acknowledged, none refused. */
const KEPT_UP = 0.98;

interface LiveLag {
  readonly targetCommandsPerSecond: number;
  readonly projector: string;
  readonly seconds: number;
  readonly sentPerSecond: number;
  readonly acknowledgedPerSecond: number;
  readonly refused: number;
  readonly firstRefusal?: string;
  readonly notSentBecauseMaxInFlight: number;
  readonly eventsAppended: number;
  readonly lagMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly maxEventsBehind: number;
  readonly acknowledgementMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly lagWhenSendingStoppedMs: number;
  readonly caughtUpAfterStopMs: number;
}

/** Runs a bench/figures script as a child and returns the last JSON line it printed. */
function benchChild<T>(root: string, script: string, args: readonly string[]): Promise<T> {
  const register = path.join(root, 'bench', 'support', 'register.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', register, path.join(root, 'bench', 'figures', script), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('close', (code, signal) => {
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code === 0 && line) return resolve(JSON.parse(line) as T);
      reject(new Error(`${script} ${args.join(' ')} ended with code ${code}, signal ${signal}: ${stdout.slice(-2000)}`));
    });
  });
}

const liveLag = (root: string, args: readonly string[]) => benchChild<LiveLag>(root, 'live-lag.ts', args);

interface LiveThroughput {
  readonly events: number;
  readonly batchSize: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

runScenario('live', async (context: ScenarioContext) => {
  const measurements: Measurement[] = [];
  const seconds = SECONDS[context.profile];
  const runs = new Map<string, LiveLag>();
  for (const mode of MODES[context.profile]) {
    progress(`live-lag.ts --rate ${RATE} --seconds ${seconds} --projector ${mode}`);
    runs.set(mode, await liveLag(context.root, ['--rate', String(RATE), '--seconds', String(seconds), '--projector', mode]));
  }
  const none = runs.get('none')!;
  const common = { command: context.command, durability: context.durability };
  const commandSide = (run: LiveLag) => ({
    seconds: run.seconds,
    sentPerSecond: run.sentPerSecond,
    refused: run.refused,
    notSentBecauseMaxInFlight: run.notSentBecauseMaxInFlight,
    ackP50Ms: run.acknowledgementMs.p50,
    ackP99Ms: run.acknowledgementMs.p99,
    ackMaxMs: run.acknowledgementMs.max,
    eventsAppended: run.eventsAppended,
    ...(run.firstRefusal === undefined ? {} : { firstRefusal: run.firstRefusal }),
  });
  const baseline = {
    id: 'live.commands.none',
    label: 'commands/s acknowledged with no projector',
    value: none.acknowledgedPerSecond,
    unit: 'commands/s',
  };
  measurements.push({
    ...common,
    id: 'live.commands.none',
    group: 'Live projector',
    label: `commands acknowledged/s with no projector, open loop at ${RATE.toLocaleString('en-US')}/s for ${seconds} s (the command side alone)`,
    value: none.acknowledgedPerSecond,
    unit: 'commands/s',
    metrics: commandSide(none),
    notes: 'baseline; CommandPipeline into the SQLite store (synchronous=FULL), each command on its own, the demo history in order',
  });
  for (const [mode, run] of runs) {
    if (mode === 'none') continue;
    const keptUp = run.refused === 0 && run.acknowledgedPerSecond >= KEPT_UP * RATE;
    const where =
      mode === 'external'
        ? 'in a process of its own (as `ledger project`)'
        : mode === 'thread'
          ? "on a thread of the API's process (LEDGER_PROJECTOR=thread)"
          : "on the API's event loop";
    measurements.push({
      ...common,
      id: `live.commands.${mode}`,
      group: 'Live projector',
      label: `commands acknowledged/s with the projector ${where}, open loop at ${RATE.toLocaleString('en-US')}/s`,
      value: run.acknowledgedPerSecond,
      unit: 'commands/s',
      metrics: commandSide(run),
      baseline,
      ratio: round(run.acknowledgedPerSecond / none.acknowledgedPerSecond, 2),
      target: { text: `>= ${KEPT_UP * RATE} commands/s acknowledged (${RATE.toLocaleString('en-US')}/s sustained)`, met: keptUp },
    });
    measurements.push({
      ...common,
      id: `live.lag.${mode}`,
      group: 'Live projector',
      label: `live projector lag ${where} (age of the oldest event not yet in the figures, sampled every 10 ms)`,
      value: run.lagMs.p99,
      unit: 'ms p99',
      metrics: {
        p50Ms: run.lagMs.p50,
        p99Ms: run.lagMs.p99,
        maxMs: run.lagMs.max,
        maxEventsBehind: run.maxEventsBehind,
        acknowledgedPerSecond: run.acknowledgedPerSecond,
        lagWhenSendingStoppedMs: run.lagWhenSendingStoppedMs,
        caughtUpAfterStopMs: run.caughtUpAfterStopMs,
      },
      target: {
        text: `lag p99 < ${LAG_P99_MS / 1000} s at ${RATE / 1000}k commands/s (met only if the rate was kept up as well)`,
        met: run.lagMs.p99 < LAG_P99_MS && keptUp,
      },
      notes:
        mode === 'in-process'
          ? 'shares the event loop with the commands, so it is never a sample behind: the commands wait instead (read the rate)'
          : 'figures in the events file, as the API and the CLI keep them',
    });
  }
  // The projector's ceiling with nothing else running: what it can follow at most, whatever the command side does.
  const fixture = await ensureHistoryFixture(context.fixtureDir, CEILING_EVENTS);
  progress(`live-throughput.ts over ${CEILING_EVENTS.toLocaleString('en-US')} events`);
  const ceiling = await benchChild<LiveThroughput>(context.root, 'live-throughput.ts', ['--file', fixture.file]);
  measurements.push({
    ...common,
    id: 'live.ceiling',
    group: 'Live projector',
    label: `live projector alone, batch by batch from position 0 over ${CEILING_EVENTS.toLocaleString('en-US')} events of the bench history (its ceiling)`,
    value: ceiling.eventsPerSecond,
    unit: 'events/s',
    metrics: { ...ceiling },
    target: {
      text: `>= ${RATE.toLocaleString('en-US')} events/s: below it no projector process keeps up with ${RATE / 1000}k commands/s`,
      met: ceiling.eventsPerSecond >= RATE,
    },
    notes: 'bench/figures/live-throughput.ts; figures in the events file; one command appends about one event',
  });
  return { measurements, skipped: [] };
});
