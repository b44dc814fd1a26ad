import { SqliteEventStore } from '@ledger/event-store';
import { Projector, SqliteFigureStore } from '@ledger/figures';
import { argOption, onCopyOfFile } from '../lib/file-copy';
import { rawReadBaseline, tableBytes } from '../lib/sqlite-log';

/**
 * Rebuilds every figure over an existing SQLite ledger file (not a test): e.g. the demo history, which
 * `ledger demo` seeds. Works on a copy, so the file itself is left as it was:
 *
 *   node -r ./bench/support/register.js bench/figures/rebuild-file.ts --file <data dir>/ledger.sqlite [--batch 20000] [--chunk 5000]
 *
 * --batch is the catch-up batch after the build (Projector batchSize); --chunk the build's events per chunk
 * (BuildLimits.chunkEvents; default the projector's).
 *
 * Prints one JSON line: events, the raw read + JSON.parse baseline of the same rows (same process, just after),
 * rebuild seconds, events/s and its ratio to raw, CPU seconds, peak RSS, the figure store's size beside the
 * events table's, and the event loop during the rebuild: how often a 10 ms timer ran, and the longest the rebuild
 * held the loop without a turn.
 */
async function main(): Promise<void> {
  const batchSize = Number(argOption('batch') ?? 20_000);
  const chunk = argOption('chunk');
  await onCopyOfFile('rebuild-bench', async (file) => {
    const events = new SqliteEventStore({ filename: file });
    const store = new SqliteFigureStore({ filename: file });
    // How long the rebuild held the event loop at a time: what an API projecting in its own process (the embedded
    // default) makes every request wait, at worst, while it builds. A 10 ms timer notes each turn it gets.
    let lastTurn = performance.now();
    let longestHoldMs = 0;
    let timerTurns = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      longestHoldMs = Math.max(longestHoldMs, now - lastTurn);
      lastTurn = now;
      timerTurns++;
    }, 10);
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    await new Projector(events, store, {
      batchSize,
      ...(chunk === undefined ? {} : { buildLimits: { chunkEvents: Number(chunk) } }),
    }).rebuild();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(probe);
    longestHoldMs = Math.max(longestHoldMs, performance.now() - lastTurn);
    const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
    // Peak RSS of the rebuild alone: read before the baseline, whose parsing would raise it.
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    await store.close();
    await events.close();
    const raw = rawReadBaseline(file);
    const rawRate = raw.events / raw.seconds;
    const rate = raw.events / seconds;
    const figureBytes = tableBytes(file, 'figure_%');
    const eventBytes = tableBytes(file, 'events');
    console.log(
      JSON.stringify({
        events: raw.events,
        rawEventsPerSecond: Math.round(rawRate),
        rebuildSeconds: Number(seconds.toFixed(1)),
        rebuildEventsPerSecond: Math.round(rate),
        ratioToRaw: Number((rate / rawRate).toFixed(3)),
        cpuSeconds: Number(cpuSeconds.toFixed(1)),
        peakRssMiB,
        figureStoreToEvents: Number((figureBytes / eventBytes).toFixed(2)),
        eventLoop: { timerTurns, longestHoldMs: Math.round(longestHoldMs) },
      }),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
