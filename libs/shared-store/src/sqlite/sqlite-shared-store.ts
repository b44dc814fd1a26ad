import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteTreeHeadStore } from '@ledger/audit';
import { SqliteSecurityLogStore, SqliteSubjectKeyStore } from '@ledger/auth';
import { SECURITY_LOG_FILENAME, SUBJECT_KEYS_FILENAME } from '@ledger/config';
import type { SharedStore } from '../shared-store.port';
import { FileSecretStore } from './file-secret-store';
import { SqliteLeaseStore } from './sqlite-lease-store';
import { PROJECTOR_HEARTBEAT_FILENAME, SqliteProjectorHeartbeat } from './sqlite-projector-heartbeat';

/** Leases of the processes sharing one data dir. */
export const LEASES_FILENAME = 'leases.sqlite';

export interface SqliteSharedStoreOptions {
  readonly dataDir: string;
  /** The file holding the audit tables (tree heads beside the Merkle log): the events' file when they are in SQLite. */
  readonly auditFile: string;
  readonly clock: () => string;
  readonly leaseTtlMs?: number;
}

/** The embedded default: the data dir's own files, as one process (and the CLI beside it) has always used them. */
export class SqliteSharedStore implements SharedStore {
  readonly kind = 'sqlite';
  readonly generatesSecrets = true;
  readonly securityLog: SqliteSecurityLogStore;
  readonly subjectKeys: SqliteSubjectKeyStore;
  readonly treeHeads: SqliteTreeHeadStore;
  readonly secrets: FileSecretStore;
  readonly leases: SqliteLeaseStore;
  readonly projectorHeartbeat: SqliteProjectorHeartbeat;
  private readonly auditDb: Database.Database;

  constructor(options: SqliteSharedStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.securityLog = SqliteSecurityLogStore.open(join(options.dataDir, SECURITY_LOG_FILENAME), options.clock);
    this.subjectKeys = new SqliteSubjectKeyStore(join(options.dataDir, SUBJECT_KEYS_FILENAME));
    closeSync(openSync(options.auditFile, 'a', 0o600));
    this.auditDb = new Database(options.auditFile);
    this.auditDb.pragma('journal_mode = WAL');
    this.auditDb.pragma('synchronous = FULL');
    this.auditDb.pragma('busy_timeout = 5000');
    this.treeHeads = new SqliteTreeHeadStore(this.auditDb);
    this.secrets = new FileSecretStore(options.dataDir);
    this.leases = new SqliteLeaseStore(join(options.dataDir, LEASES_FILENAME), {
      ...(options.leaseTtlMs !== undefined && { ttlMs: options.leaseTtlMs }),
    });
    this.projectorHeartbeat = new SqliteProjectorHeartbeat(join(options.dataDir, PROJECTOR_HEARTBEAT_FILENAME));
  }

  async close(): Promise<void> {
    await this.leases.close();
    this.projectorHeartbeat.close();
    await this.subjectKeys.close();
    await this.securityLog.close();
    this.auditDb.close();
  }
}
