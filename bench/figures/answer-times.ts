import { SqliteEventStore } from '@ledger/event-store';
import { FIGURES, FigureService, SqliteFigureStore } from '@ledger/figures';
import { answerTimeFilters } from '../lib/answer-filters';
import { LatencyRecorder, nowMs } from '../lib/stats';

/**
 * Figure answer latency over an existing SQLite ledger file whose figures are projected (not a test): e.g. the demo
 * history, which `ledger demo` seeds and projects. Reads only.
 *
 *   node -r ./bench/support/register.js bench/figures/answer-times.ts --file <data dir>/events.sqlite [--repeat 20]
 *     [--figure le-requests@2] [--group year|monthDim|both] [--time current,asOf,knownAt,knownAtTime]
 *
 * For each figure version (or the one named), each time filter (current; asOf=2022-06-30; knownAt half the log as a
 * position; knownAt the recording time of the event half way through the log) and each grouping (by year; by month x
 * the figure's first dimension): one warm-up answer, then `repeat` timed ones. Prints one line per answer kind with
 * p50 / p99 / max in ms, and a last JSON line with every kind's numbers.
 */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = option('file');
  if (file === undefined) throw new Error('--file <events.sqlite> is required');
  const repeat = Number(option('repeat') ?? 20);
  const only = option('figure');
  const group = option('group') ?? 'both';
  const timeNames = (option('time') ?? 'current,asOf,knownAt,knownAtTime').split(',');
  const events = new SqliteEventStore({ filename: file });
  const store = new SqliteFigureStore({ filename: file });
  const service = new FigureService(events, store);
  const head = (await events.headPosition()) ?? 0;
  const times = await answerTimeFilters(events, head);
  const results: Record<string, { p50Ms: number; p99Ms: number; maxMs: number }> = {};
  try {
    for (const figure of FIGURES) {
      const name = `${figure.name}@${figure.version}`;
      if (only !== undefined && only !== name) continue;
      const groupings = [...(group === 'monthDim' ? [] : ['year']), ...(group === 'year' ? [] : [`month,${figure.dimensions[0].name}`])];
      for (const time of timeNames)
        for (const groupBy of groupings) {
          const params = { ...times[time], version: String(figure.version), groupBy };
          await service.answer(figure.name, params);
          const latency = new LatencyRecorder();
          for (let i = 0; i < repeat; i++) {
            const t0 = nowMs();
            await service.answer(figure.name, params);
            latency.record(nowMs() - t0);
          }
          const { p50Ms, p99Ms, maxMs } = latency.summary();
          const kind = `${name} ${time} ${groupBy}`;
          results[kind] = { p50Ms, p99Ms, maxMs };
          console.log(
            `${kind.padEnd(48)} p50 ${p50Ms.toFixed(1).padStart(7)} ms  p99 ${p99Ms.toFixed(1).padStart(7)} ms  max ${maxMs.toFixed(1)} ms`,
          );
        }
    }
    console.log(JSON.stringify({ events: head, repeat, results }));
  } finally {
    await store.close();
    await events.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
