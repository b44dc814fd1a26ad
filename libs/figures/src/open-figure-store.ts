import type { FigureStore } from './figure-store.port';
import { PostgresFigureStore } from './postgres/postgres-figure-store';
import { SqliteFigureStore } from './sqlite/sqlite-figure-store';

export interface FigureStoreLocation {
  /** PostgreSQL connection string (production); when absent, the embedded SQLite store is used. */
  readonly databaseUrl?: string;
  /** The embedded store's file: the events' file, so one file holds the whole ledger. */
  readonly sqliteFile: string;
}

/** The figure store a configuration asks for. The caller closes it. */
export function openFigureStore(location: FigureStoreLocation): FigureStore {
  return location.databaseUrl !== undefined
    ? new PostgresFigureStore({ connectionString: location.databaseUrl })
    : new SqliteFigureStore({ filename: location.sqliteFile });
}
