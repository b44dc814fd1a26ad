import { systemClock } from '@ledger/commands';
import { DEFAULT_DEMO_BATCH_SIZE, DEFAULT_DEMO_SEED, HISTORY_END, HISTORY_START, seedDemoHistory } from '@ledger/demo';
import type { LedgerConfig } from '@ledger/config';
import type { Command } from 'commander';
import { openEventStore } from '../../../ledger-api/src/store/event-store.provider';
import { withCommandBus } from '../command-bus';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { startProgress } from '../progress';
import { describeReport } from './import.command';
import { isoDate, positiveInteger, positiveNumber } from './option-parsers';
import { serve } from './serve.command';

interface DemoCommandOptions extends StoreOptions {
  readonly serve: boolean;
  readonly scale: number;
  readonly until?: string;
  readonly seed: string;
  readonly batchSize: number;
}

const DAY_MS = 86_400_000;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      `seed the public-record history (${HISTORY_START} to ${HISTORY_END}) through the command side, then serve; re-running appends nothing`,
    )
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .option('--no-serve', 'seed and exit')
    .option(
      '--scale <factor>',
      'multiply the number of law-enforcement requests (below 1 the published request figures no longer hold)',
      positiveNumber,
      1,
    )
    .option('--until <date>', 'stop the history before this day (YYYY-MM-DD)', isoDate)
    .option('--seed <text>', 'PRNG seed (the published figures are documented for the default)', DEFAULT_DEMO_SEED)
    .option('--batch-size <n>', 'commands per atomic batch', positiveInteger, DEFAULT_DEMO_BATCH_SIZE)
    .action(async (options: DemoCommandOptions) => {
      const config = configFrom(options);
      const ok = await seed(config, options);
      if (!ok) {
        process.exitCode = 1;
        return;
      }
      if (options.serve) await serve(config);
    });
}

async function seed(config: LedgerConfig, options: DemoCommandOptions): Promise<boolean> {
  const store = openEventStore(config, systemClock);
  try {
    const first = Date.parse(`${HISTORY_START}T00:00:00Z`);
    const end = Math.min(
      Date.parse(`${HISTORY_END}T00:00:00Z`) + DAY_MS,
      options.until !== undefined ? Date.parse(`${options.until}T00:00:00Z`) : Infinity,
    );
    const progress = startProgress({ label: 'demo', total: Math.max(1, Math.round((end - first) / DAY_MS)) });
    const started = performance.now();
    const report = await withCommandBus(store, (batches) =>
      seedDemoHistory(batches, {
        scale: options.scale,
        until: options.until,
        seed: options.seed,
        batchSize: options.batchSize,
        store,
        onProgress: (p) => {
          const seconds = (performance.now() - started) / 1000;
          const days = p.occurredAt ? Math.floor((Date.parse(p.occurredAt) - first) / DAY_MS) : 0;
          progress.update(
            days,
            `${p.occurredAt?.slice(0, 10) ?? ''} | ${p.lines} commands | ${p.events} events appended | ${p.replayed} replayed | ${Math.round(p.lines / Math.max(seconds, 0.001))} commands/s`,
          );
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    progress.stop();
    process.stdout.write(describeReport(report, seconds));
    process.stdout.write(
      `demo: ${config.dataDir} holds ${(await store.headPosition()) ?? 0} events; ${Math.round(report.events / Math.max(seconds, 0.001))} events/s appended\n`,
    );
    return report.ok;
  } finally {
    await store.close();
  }
}
