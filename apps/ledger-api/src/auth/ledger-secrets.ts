import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newApiKey } from '@ledger/auth';
import { ADMIN_KEY_FILENAME, type LedgerConfig } from '@ledger/config';

/** Writes a fresh admin key into the data dir (owner-only) and returns it with the file's path. */
export function writeAdminKeyFile(config: LedgerConfig): { key: string; file: string } {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, ADMIN_KEY_FILENAME);
  const key = newApiKey();
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return { key, file };
}
