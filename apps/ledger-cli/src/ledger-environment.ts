import { loadConfig, type LedgerConfig } from '@ledger/config';

/** Options every command that opens the ledger accepts; they override the environment before it is validated. */
export interface StoreOptions {
  readonly dataDir?: string;
  readonly port?: string;
}

/** The one place the CLI reads the environment: flags take precedence, then it is validated like the API's. */
export function configFrom(options: StoreOptions, env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return loadConfig({
    ...env,
    ...(options.dataDir !== undefined ? { LEDGER_DATA_DIR: options.dataDir } : {}),
    ...(options.port !== undefined ? { PORT: options.port } : {}),
  });
}
