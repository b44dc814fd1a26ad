import type { LedgerConfig } from '@ledger/config';
import type { Command } from 'commander';
import { serveApi } from '../../../ledger-api/src/serve';
import { configFrom, type StoreOptions } from '../ledger-environment';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the ledger API (commands, queries, audit) on PORT, using the store in LEDGER_DATA_DIR')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .action(async (options: StoreOptions) => {
      await serve(configFrom(options));
    });
}

/** Starts the API and keeps the process alive until a signal; on SIGTERM it drains, closes its stores and exits 0. */
export async function serve(config: LedgerConfig): Promise<void> {
  await serveApi(config);
}
