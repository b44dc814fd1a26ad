import { auditFileOf } from '@ledger/audit';
import type { LedgerConfig } from '@ledger/config';
import { PostgresSharedStore } from './postgres/postgres-shared-store';
import type { SharedStore } from './shared-store.port';
import { SqliteSharedStore } from './sqlite/sqlite-shared-store';

/** The shared store the configuration names: PostgreSQL when DATABASE_URL is set, else the data dir's files. The caller closes it. */
export function openSharedStore(config: LedgerConfig, clock: () => string): Promise<SharedStore> {
  if (config.databaseUrl !== undefined) return PostgresSharedStore.open({ connectionString: config.databaseUrl, clock });
  return Promise.resolve(new SqliteSharedStore({ dataDir: config.dataDir, auditFile: auditFileOf(config), clock }));
}
