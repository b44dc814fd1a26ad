import { mkdirSync } from 'node:fs';
import { eventStoreFile, type LedgerConfig } from '@ledger/config';
import { type FigureStore, openFigureStore } from '@ledger/figures';

/** The figure store the config names: PostgreSQL when DATABASE_URL is set, else the events' own SQLite file. */
export function configuredFigureStore(config: LedgerConfig): FigureStore {
  if (config.databaseUrl === undefined) mkdirSync(config.dataDir, { recursive: true });
  return openFigureStore({
    ...(config.databaseUrl !== undefined ? { databaseUrl: config.databaseUrl } : {}),
    sqliteFile: eventStoreFile(config),
  });
}
