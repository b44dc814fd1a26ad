import type { LedgerConfig } from '@ledger/config';
import { Projector } from '@ledger/figures';
import type { Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { withLedgerStores } from './figures.command';

export function registerProjectCommand(program: Command): void {
  program
    .command('project')
    .description('run the projector as its own process (production): keep every figure up to date from the log until stopped')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: StoreOptions) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await project(configFrom(options), stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** Projects until `signal` aborts; rejects with the ProjectionError that stopped it (it never skips an event). */
export async function project(config: LedgerConfig, signal: AbortSignal, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<void> {
  await withLedgerStores(config, async (events, store) => {
    let lastLog = 0;
    const projector = new Projector(events, store, {
      onProgress: ({ position, eventsRead }) => {
        const now = Date.now();
        if (now - lastLog < 5000) return;
        lastLog = now;
        log(`projector: at position ${position} (${eventsRead} events this run)`);
      },
    });
    await projector.prepare();
    log(`projector: starting at position ${projector.position()}`);
    await projector.run(signal);
    log(`projector: stopped at position ${projector.position()}`);
  });
}
