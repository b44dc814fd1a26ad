import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedStoreContract } from '../../test/shared-store.contract';
import { SqliteLeaseStore } from './sqlite-lease-store';
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

describe('SqliteLeaseStore', () => {
  it('takes over a lease recorded under its own pid by a holder this process does not have (a restarted pid 1)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'leases-'));
    const file = join(dataDir, 'leases.sqlite');
    try {
      const Database = (await import('better-sqlite3')).default;
      const first = new SqliteLeaseStore(file);
      const second = new SqliteLeaseStore(file);
      const held = await first.tryAcquire('projector');
      expect(await second.tryAcquire('projector')).toBeUndefined();
      // What a killed predecessor with our pid leaves behind: its row, renewed just now, held by nobody here.
      await held!.release();
      const db = new Database(file);
      db.prepare('INSERT INTO ledger_lease (name, holder, pid, renewed_at) VALUES (?, ?, ?, ?)').run(
        'projector',
        'dead-holder',
        process.pid,
        Date.now(),
      );
      db.close();
      expect(await second.tryAcquire('projector')).toBeDefined();
      await first.close();
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
