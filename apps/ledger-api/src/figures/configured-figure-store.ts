import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { figureStoreFile, type LedgerConfig } from '@ledger/config';
import { type FigureStore, openFigureStore } from '@ledger/figures';

/** The figure store the config names: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file
 *  (LEDGER_FIGURES_FILE: the events' own, or one of its own in the data dir). */
export function configuredFigureStore(config: LedgerConfig): FigureStore {
  if (config.databaseUrl !== undefined) return openFigureStore({ databaseUrl: config.databaseUrl, sqliteFile: figureStoreFile(config) });
  mkdirSync(config.dataDir, { recursive: true });
  const file = figureStoreFile(config);
  // Created private before SQLite opens it, as the events' file is (its -wal and -shm take its mode).
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  return openFigureStore({ sqliteFile: file });
}
