import fs from 'node:fs';
import { SqliteEventStore } from '@ledger/event-store';
import { FIGURES, FigureService, Projector, SqliteFigureStore } from '@ledger/figures';
import { tableBytes } from '../lib/sqlite-log';

/**
 * Answer latency over an existing SQLite ledger file (not a test), e.g. the demo history `ledger demo` seeds. Works
 * on a copy: brings the copy's figures up to date (a rebuild when the figure store's layout changed), then times
 * FigureService answers, p50 and p99 over --repeat runs each:
 *
 *   node -r ./bench/support/register.js bench/figures/answer-latency.ts --file <data dir>/events.sqlite [--repeat 20]
 *
 * le-requests v2 by month x country (current, asOf, knownAt by position half way, knownAt by the recording time of
 * the event half way) and every figure by year. Prints one line per query and a JSON line with the figure tables'
 * bytes.
 */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const source = option('file');
  if (source === undefined || !fs.existsSync(source)) throw new Error('--file <events.sqlite> names no file');
  const repeat = Number(option('repeat') ?? 20);
  const file = `${source}.answer-bench`;
  fs.copyFileSync(source, file);
  try {
    const events = new SqliteEventStore({ filename: file });
    const store = new SqliteFigureStore({ filename: file });
    await store.init();
    const started = process.hrtime.bigint();
    await new Projector(events, store, {}).catchUp();
    const catchUpSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const service = new FigureService(events, store);
    const head = (await store.checkpoints()).reduce((max, c) => Math.max(max, c.position), 0);
    const middle = Math.floor(head / 2);
    const [halfWay] = await events.readAll({ atOrBefore: middle, direction: 'backwards', limit: 1 });
    const middleTime = halfWay.metadata.recordedAt;
    const monthCountry = { version: '2', groupBy: 'month,country' };
    const queries: [string, Record<string, string>][] = [
      ['le-requests', monthCountry],
      ['le-requests', { ...monthCountry, asOf: '2022-06-30' }],
      ['le-requests', { ...monthCountry, knownAt: String(middle) }],
      ['le-requests', { ...monthCountry, knownAt: middleTime }],
      ...[...new Set(FIGURES.map((f) => `${f.name}@${f.version}`))].map((key): [string, Record<string, string>] => {
        const [name, version] = key.split('@');
        return [name, { version, groupBy: 'year' }];
      }),
    ];
    for (const [name, params] of queries) {
      const times: number[] = [];
      let rows = 0;
      await service.answer(name, params);
      for (let i = 0; i < repeat; i++) {
        const t0 = process.hrtime.bigint();
        const answer = await service.answer(name, params);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        rows = answer.rows.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${name} ${new URLSearchParams(params).toString()}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (${rows} rows)`,
      );
    }
    await store.close();
    await events.close();
    console.log(
      JSON.stringify({
        catchUpSeconds: Number(catchUpSeconds.toFixed(1)),
        figureTableBytes: tableBytes(file, 'figure_%'),
        rollupBytes: tableBytes(file, 'figure_rollup%'),
      }),
    );
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
