import type { LedgerConfig } from '@ledger/config';
import { FIGURES, Projector } from '@ledger/figures';
import type { Command } from 'commander';
import { configFrom, type StoreOptions } from '../ledger-environment';
import { startProgress } from '../progress';
import { positiveInteger } from './option-parsers';
import { withLedgerStores } from './figures.command';

interface ReplayOptions extends StoreOptions {
  readonly batchSize?: number;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description("rebuild every figure from position 0 of the log (drops the figure store's contents first)")
    .option('--batch-size <events>', 'events per transaction', positiveInteger)
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: ReplayOptions) => {
      await replay(configFrom(options), options);
    });
}

export async function replay(
  config: LedgerConfig,
  options: ReplayOptions = {},
  stream: NodeJS.WriteStream = process.stderr,
): Promise<{ events: number; seconds: number }> {
  return withLedgerStores(config, async (events, store) => {
    const head = (await events.headPosition()) ?? 0;
    const progress = startProgress({ label: 'replay', total: head, stream });
    const started = process.hrtime.bigint();
    let read = 0;
    const projector = new Projector(events, store, {
      batchSize: options.batchSize ?? 20_000,
      onProgress: ({ position, eventsRead }) => {
        read = eventsRead;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        progress.update(
          position,
          `${eventsRead.toLocaleString('en-US')} events, ${Math.round(eventsRead / Math.max(seconds, 1e-9)).toLocaleString('en-US')}/s`,
        );
      },
    });
    try {
      await projector.rebuild();
    } catch (error) {
      progress.stop();
      throw error;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    progress.stop(
      `rebuilt ${FIGURES.map((f) => `${f.name} v${f.version}`).join(', ')} from ${read.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s ` +
        `(${Math.round(read / Math.max(seconds, 1e-9)).toLocaleString('en-US')} events/s), now at position ${head}`,
    );
    return { events: read, seconds };
  });
}
