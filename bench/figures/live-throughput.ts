import { SqliteEventStore } from '@ledger/event-store';
import { FIGURES, figureKey, Projector, SqliteFigureStore } from '@ledger/figures';
import { argOption, onCopyOfFile } from '../lib/file-copy';

/**
 * The live projector's own ceiling (not a test): every figure projected from position 0 the way the live projector
 * projects, batch by batch (Projector.apply: load the batch's entities, project, commit contributions, rollup deltas,
 * states and checkpoints in one transaction), not the way a build does. Nothing else runs, so the rate is what a
 * projector process can follow at most on this machine; live-lag.ts measures it beside the command side.
 *
 *   node -r ./bench/support/register.js bench/figures/live-throughput.ts --file <ledger.sqlite> [--batch 5000]
 *
 * Works on a copy of the file. Prints one JSON line: events, batch size, seconds, events/s, CPU seconds and peak RSS.
 */
async function main(): Promise<void> {
  const batchSize = Number(argOption('batch') ?? 5000);
  await onCopyOfFile('live-bench', async (file) => {
    const events = new SqliteEventStore({ filename: file });
    const store = new SqliteFigureStore({ filename: file });
    await store.init();
    // A checkpoint at 0 for every figure at its version: the projector then applies batches instead of building.
    for (const figure of FIGURES) await store.reset(figureKey(figure), figure.version);
    const projector = new Projector(events, store, { batchSize, catchUpBatchSize: batchSize });
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const position = await projector.catchUp();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
    await store.close();
    await events.close();
    console.log(
      JSON.stringify({
        events: position,
        batchSize,
        seconds: Number(seconds.toFixed(1)),
        eventsPerSecond: Math.round((position ?? 0) / seconds),
        cpuSeconds: Number(cpuSeconds.toFixed(1)),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
