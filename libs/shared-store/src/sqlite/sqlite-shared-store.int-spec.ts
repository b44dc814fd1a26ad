import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedStoreContract } from '../../test/shared-store.contract';
import { SqliteSharedStore } from './sqlite-shared-store';

sharedStoreContract('SQLite (the data dir)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shared-store-'));
  const location = { kind: 'sqlite' as const, dataDir, auditFile: join(dataDir, 'events.sqlite') };
  return {
    location,
    open: async () => new SqliteSharedStore({ dataDir, auditFile: location.auditFile, clock: () => new Date().toISOString() }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});
