import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandPipeline, randomIds, systemClock, type CommandInput } from '@ledger/commands';
import { generateDemoHistory } from '@ledger/demo';
import { citationsOf, routeCommand, streamName, type LedgerCommand } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { Projector, SqliteFigureStore } from '@ledger/figures';
import { eventStoreFile, figureStoreFile, loadConfig } from '@ledger/config';
import { ProjectorThread } from '../../apps/ledger-api/src/figures/projector-thread';
import { LatencyRecorder, nowMs } from '../lib/stats';

/**
 * Live projector lag under a sustained command rate (not a test). Commands go through the CommandPipeline into the
 * SQLite event store (synchronous=FULL; appends of one tick share a commit), as the API sends them, and the
 * projector follows the log:
 * - `--projector in-process`: its live `run` in the same process, as an API with LEDGER_PROJECTOR=in-process runs it;
 * - `--projector thread`: on a thread of the same process with its own connections, as an API with
 *   LEDGER_PROJECTOR=thread runs it;
 * - `--projector external`: in a process of its own on the same file, as `ledger project` runs it;
 * - `--projector none`: nothing projects; what the command side does alone, for the ratio.
 *
 *   node -r ./bench/support/register.js bench/figures/live-lag.ts [--rate 5000] [--seconds 20] [--max-in-flight 2000]
 *     [--projector in-process|thread|external|none] [--figures events-file|own-file] [--batch N] [--poll-ms N]
 *
 * --batch sets the projector's live batch, in process or external (Projector batchSize, `ledger project --batch-size`;
 * default its own). --poll-ms sets how often the external projector's store looks for the bench's appends
 * (SqliteEventStore pollIntervalMs, `ledger project --poll-ms`; default 250; the thread's default is the API's, 25): the
 * floor of its lag on an idle log. The
 * in-process projector is woken by each append and does not poll.
 * The figure store is kept in the events' SQLite file, as the API and the CLI keep it by default (`--figures
 * events-file`), or in a file of its own (`own-file`, LEDGER_FIGURES_FILE=own), so that its commits do not take the
 * events' write lock.
 *
 * Commands are the demo history's, in order, sent open loop on the clock (every 10 ms, what the rate owes by then),
 * each on its own (no batches), never more than --max-in-flight waiting (what that holds back is counted, not sent).
 * Every 10 ms the sampler notes the log's head and the figures' position (the lowest checkpoint); the lag at a sample
 * is how long ago the head first passed the position the figures have now reached: the age of the oldest event not
 * yet in the figures. Prints one JSON line: commands sent and acknowledged per second, refusals, acknowledgement
 * latency, lag p50 / p99 / max, the most events the figures were behind, and the time to catch up after sending
 * stopped.
 */
function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const TICK_MS = 10;
const MODES = ['in-process', 'thread', 'external', 'none'] as const;

/** The projector's live batch (--batch) and the external projector's poll interval (--poll-ms), as given. */
function projectorTuning(): { batchSize?: number; pollIntervalMs?: number } {
  const batch = option('batch', '');
  const pollMs = option('poll-ms', '');
  return { ...(batch !== '' && { batchSize: Number(batch) }), ...(pollMs !== '' && { pollIntervalMs: Number(pollMs) }) };
}

/** `--child-projector <file>`: the external projector, run by the bench in a process of its own. */
async function childProjector(file: string, figuresFile: string): Promise<void> {
  const { batchSize, pollIntervalMs } = projectorTuning();
  const events = new SqliteEventStore({ filename: file, ...(pollIntervalMs !== undefined && { pollIntervalMs }) });
  const store = new SqliteFigureStore({ filename: figuresFile });
  const projector = new Projector(events, store, batchSize === undefined ? {} : { batchSize });
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  await projector.prepare();
  process.stdout.write('ready\n');
  await projector.run(stop.signal);
  await store.close();
  await events.close();
}

function startExternalProjector(file: string, figuresFile: string): Promise<ChildProcess> {
  const { batchSize, pollIntervalMs } = projectorTuning();
  const tuning = [
    ...(batchSize === undefined ? [] : ['--batch', String(batchSize)]),
    ...(pollIntervalMs === undefined ? [] : ['--poll-ms', String(pollIntervalMs)]),
  ];
  const child = spawn(process.execPath, [...process.execArgv, __filename, '--child-projector', file, figuresFile, ...tuning], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the external projector exited with ${code} before it was ready`)));
    child.stdout!.once('data', () => resolve(child));
  });
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--child-projector');
  if (child >= 0) return childProjector(process.argv[child + 1], process.argv[child + 2]);
  const rate = Number(option('rate', '5000'));
  const seconds = Number(option('seconds', '20'));
  const maxInFlight = Number(option('max-in-flight', '2000'));
  const mode = option('projector', 'in-process') as (typeof MODES)[number];
  if (!MODES.includes(mode)) throw new Error(`--projector takes ${MODES.join(', ')}`);
  const figuresIn = option('figures', 'events-file');
  if (figuresIn !== 'events-file' && figuresIn !== 'own-file') throw new Error('--figures takes events-file or own-file');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-live-lag-'));
  // Where the config puts the events and the figures (LEDGER_FIGURES_FILE), so that a projector thread opens them.
  const config = loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_FIGURES_FILE: figuresIn === 'own-file' ? 'own' : 'events' });
  const file = eventStoreFile(config);
  const figuresFile = figureStoreFile(config);
  const events = new SqliteEventStore({ filename: file });
  const store = new SqliteFigureStore({ filename: figuresFile });
  const { batchSize, pollIntervalMs } = projectorTuning();
  const projector = new Projector(events, store, batchSize === undefined ? {} : { batchSize });
  const thread =
    mode === 'thread'
      ? new ProjectorThread({ config, pollIntervalMs: pollIntervalMs ?? 25, ...(batchSize !== undefined && { batchSize }) })
      : undefined;
  const pipeline = new CommandPipeline(events, systemClock, randomIds);
  const stop = new AbortController();
  await (thread ?? projector).prepare();
  const running = mode === 'in-process' ? projector.run(stop.signal) : thread !== undefined ? thread.run(stop.signal) : Promise.resolve();
  const external = mode === 'external' ? await startExternalProjector(file, figuresFile) : undefined;
  /** The figures' position: the projector's own in process, the stored checkpoints of a thread or an external one. */
  const figuresAt = async (): Promise<number> =>
    mode === 'in-process' ? projector.position() : Math.min(...(await store.checkpoints()).map((checkpoint) => checkpoint.position));
  const withProjector = mode !== 'none';

  const history = generateDemoHistory();
  let inFlight = 0;
  let sent = 0;
  let acknowledged = 0;
  let refused = 0;
  let firstRefusal: string | undefined;
  let cutShort = 0;
  // Per-stream order: a command waits for the earlier commands of its own stream and of the streams it cites (an
  // answer for its request's receipt), as separate clients of one case would; unrelated commands run side by side.
  const lastOf = new Map<string, Promise<unknown>>();
  const ackLatency = new LatencyRecorder();
  const send = (): void => {
    const next = history.next();
    if (next.done) return;
    const { command, idempotencyKey } = next.value;
    const streams = [
      routeCommand(command as LedgerCommand).stream,
      ...citationsOf(command).map(({ category, id }) => streamName(category, id)),
    ];
    const before = Promise.all(streams.map((stream) => lastOf.get(stream)));
    inFlight++;
    sent++;
    const sentAt = nowMs();
    const done = before
      .then(() => pipeline.execute(command as CommandInput, { actor: 'service:live-lag-bench', idempotencyKey }))
      .then(() => {
        acknowledged++;
        ackLatency.record(nowMs() - sentAt);
      })
      .catch((error: unknown) => {
        refused++;
        firstRefusal ??= error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        inFlight--;
        for (const stream of streams) if (lastOf.get(stream) === done) lastOf.delete(stream);
      });
    for (const stream of streams) lastOf.set(stream, done);
  };

  const samples: { t: number; head: number }[] = [];
  let oldest = 0;
  let maxEventsBehind = 0;
  const lag = new LatencyRecorder();
  const lagNow = (t: number, projected: number): number => {
    while (oldest < samples.length && samples[oldest].head <= projected) oldest++;
    // The events above the projected position were appended after the sample before the first one that shows them.
    if (oldest === samples.length) return 0;
    return t - (oldest > 0 ? samples[oldest - 1].t : samples[0].t);
  };
  const sample = async (record: boolean): Promise<number> => {
    const t = nowMs();
    samples.push({ t, head: (await events.headPosition()) ?? 0 });
    const projected = withProjector ? await figuresAt() : 0;
    const behind = withProjector ? lagNow(t, projected) : 0;
    if (withProjector) maxEventsBehind = Math.max(maxEventsBehind, samples[samples.length - 1].head - projected);
    if (record) lag.record(behind);
    return behind;
  };

  const started = nowMs();
  const until = started + seconds * 1000;
  // Open loop on the clock: whatever the rate owes by now is sent, however late the timer fired.
  while (nowMs() < until) {
    const owed = Math.floor((rate * (nowMs() - started)) / 1000) - sent - cutShort;
    for (let i = 0; i < owed; i++) {
      if (inFlight >= maxInFlight) {
        cutShort += owed - i;
        break;
      }
      send();
    }
    await sample(true);
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const sendingStopped = nowMs();
  const elapsed = (sendingStopped - started) / 1000;
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  const lagAtStop = await sample(false);
  const head = (await events.headPosition()) ?? 0;
  while (withProjector && (await figuresAt()) < head) await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  const caughtUpAfterMs = nowMs() - sendingStopped;
  stop.abort();
  await running.catch(() => undefined);
  if (external !== undefined) {
    const exited = new Promise((resolve) => external.once('exit', resolve));
    external.kill('SIGTERM');
    await exited;
  }
  await store.close();
  await events.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const { p50Ms, p99Ms, maxMs } = lag.summary();
  const ack = ackLatency.summary();
  console.log(
    JSON.stringify({
      targetCommandsPerSecond: rate,
      projector: mode,
      figures: figuresIn,
      seconds: Number(elapsed.toFixed(1)),
      sentPerSecond: Math.round(sent / elapsed),
      acknowledgedPerSecond: Math.round(acknowledged / elapsed),
      refused,
      ...(firstRefusal === undefined ? {} : { firstRefusal }),
      notSentBecauseMaxInFlight: cutShort,
      eventsAppended: head,
      lagMs: { p50: p50Ms, p99: p99Ms, max: maxMs },
      maxEventsBehind,
      acknowledgementMs: { p50: ack.p50Ms, p99: ack.p99Ms, max: ack.maxMs },
      lagWhenSendingStoppedMs: Math.round(lagAtStop),
      caughtUpAfterStopMs: Math.round(caughtUpAfterMs),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
