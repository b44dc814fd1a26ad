import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Lease, LeaseStore } from '../lease';

/** Lease holders alive in this process: a row with our own pid but another holder is a dead predecessor's (pid 1 in a container). */
const heldInThisProcess = new Set<string>();

export interface SqliteLeaseStoreOptions {
  /** A holder that stopped renewing for this long has lost its lease (default 10 s). */
  readonly ttlMs?: number;
}

/**
 * Leases in a SQLite file of the data dir, for processes on one machine (the API and `ledger project` beside it).
 * A holder renews its row every third of the TTL; its lease passes to another process at once when the holder's
 * pid is gone (a kill -9; or, with the same pid as ours, it is not a holder of this process: a restarted container's
 * pid 1), else when it has not renewed within the TTL.
 */
export class SqliteLeaseStore implements LeaseStore {
  private readonly db: Database.Database;
  private readonly ttlMs: number;
  private readonly held = new Set<{ release(): Promise<void> }>();

  constructor(filename: string, options: SqliteLeaseStoreOptions = {}) {
    if (filename !== ':memory:') closeSync(openSync(filename, 'a', 0o600));
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS ledger_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, pid INTEGER NOT NULL, renewed_at INTEGER NOT NULL) STRICT',
    );
    this.ttlMs = options.ttlMs ?? 10_000;
  }

  async tryAcquire(name: string): Promise<Lease | undefined> {
    const holder = randomBytes(12).toString('hex');
    const acquired = this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT holder, pid, renewed_at FROM ledger_lease WHERE name = ?').get(name) as
          { holder: string; pid: number; renewed_at: number } | undefined;
        if (row !== undefined && holderAlive(row.pid, row.holder) && Date.now() - row.renewed_at < this.ttlMs) return false;
        this.db
          .prepare(
            'INSERT INTO ledger_lease (name, holder, pid, renewed_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, renewed_at = excluded.renewed_at',
          )
          .run(name, holder, process.pid, Date.now());
        return true;
      })
      .immediate();
    if (!acquired) return undefined;
    heldInThisProcess.add(holder);
    const lost = new AbortController();
    const renew = setInterval(
      () => {
        try {
          const renewed = this.db
            .prepare('UPDATE ledger_lease SET renewed_at = ? WHERE name = ? AND holder = ?')
            .run(Date.now(), name, holder).changes;
          if (renewed === 0) stop();
        } catch {
          stop();
        }
      },
      Math.max(10, Math.floor(this.ttlMs / 3)),
    );
    renew.unref();
    const stop = () => {
      clearInterval(renew);
      heldInThisProcess.delete(holder);
      lost.abort(new Error(`lease ${name} lost`));
    };
    const lease = {
      name,
      lost: lost.signal,
      release: async () => {
        this.held.delete(lease);
        clearInterval(renew);
        heldInThisProcess.delete(holder);
        if (this.db.open) this.db.prepare('DELETE FROM ledger_lease WHERE name = ? AND holder = ?').run(name, holder);
      },
    };
    this.held.add(lease);
    return lease;
  }

  /** Releases what this store holds, then closes the file. */
  async close(): Promise<void> {
    for (const lease of this.held) await lease.release().catch(() => undefined);
    this.db.close();
  }
}

function holderAlive(pid: number, holder: string): boolean {
  if (pid === process.pid) return heldInThisProcess.has(holder);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
