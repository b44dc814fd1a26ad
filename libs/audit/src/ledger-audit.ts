import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventStoreFile, type LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { AuditLog } from './audit-log';
import { MerkleLog } from './merkle-log';
import type { TreeHeadStore } from './tree-head-store';
import { readGlobalLog } from './log-follower';
import { loadSigningKey, type SigningKey } from './signing-key';
import { SqliteMerkleNodeStore } from './sqlite/sqlite-merkle-node-store';

/** File of the audit tables when the events are not in a SQLite file of ours (EventStoreDB). */
export const AUDIT_FILE = 'audit.sqlite';

/** Where the Merkle log and tree heads live: beside the events in the embedded file, else their own file in the data dir. */
export function auditFileOf(config: LedgerConfig): string {
  return config.eventStore === 'sqlite' ? eventStoreFile(config) : join(config.dataDir, AUDIT_FILE);
}

/** The ledger's key as configured: LEDGER_SIGNING_KEY_PEM, LEDGER_SIGNING_KEY_FILE, or generated under the data dir. */
export function configuredSigningKey(config: LedgerConfig): SigningKey {
  if (config.signingKeyPem !== undefined) return loadSigningKey({ privateKeyPem: config.signingKeyPem });
  if (config.signingKeyFile !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(config.signingKeyFile, 'utf8');
    } catch (error) {
      throw new Error(`LEDGER_SIGNING_KEY_FILE ${config.signingKeyFile} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    return loadSigningKey({ privateKeyPem: pem });
  }
  return loadSigningKey({ dataDir: config.dataDir });
}

export interface OpenedAuditLog {
  readonly audit: AuditLog;
  close(): void;
}

/**
 * The audit log on its own connection to `file` (WAL, synchronous=FULL). Its tree heads are in the same file unless
 * `treeHeads` is given (the shared store, when several instances serve one ledger).
 */
export function openAuditLog(file: string, key: SigningKey, treeHeads?: TreeHeadStore): OpenedAuditLog {
  const { db } = SqliteMerkleNodeStore.open(file);
  db.pragma('busy_timeout = 5000');
  const audit =
    treeHeads === undefined ? AuditLog.sqlite(db, key) : new AuditLog(new MerkleLog(new SqliteMerkleNodeStore(db)), treeHeads, key);
  return { audit, close: () => db.close() };
}

/** Adds every event stored after the tree's last leaf (for one-shot jobs: export, attest). Returns the tree size. */
export async function catchUpAuditLog(events: Pick<EventStore, 'readAll'>, audit: AuditLog, pageSize = 1000): Promise<number> {
  let batch = [];
  const after = audit.lastPosition;
  for await (const event of readGlobalLog(events, { ...(after !== undefined && { after }), pageSize })) {
    batch.push(event);
    if (batch.length >= pageSize) {
      audit.appendEvents(batch);
      batch = [];
    }
  }
  audit.appendEvents(batch);
  return audit.treeSize;
}
