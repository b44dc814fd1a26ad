import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newApiKey } from '@ledger/auth';
import { ADMIN_KEY_FILENAME, PSEUDONYM_SECRET_FILENAME, type LedgerConfig } from '@ledger/config';

/** The pseudonym secret: LEDGER_PSEUDONYM_SECRET, else the data dir's own, generated on first start (owner-only file). */
export function pseudonymSecret(config: LedgerConfig): Buffer {
  if (config.pseudonymSecret !== undefined) return Buffer.from(config.pseudonymSecret, 'utf8');
  const file = join(config.dataDir, PSEUDONYM_SECRET_FILENAME);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    // 'wx': never overwrite a secret another process wrote first; pseudonyms must stay stable for the ledger's life.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** Writes a fresh admin key into the data dir (owner-only) and returns it with the file's path. */
export function writeAdminKeyFile(config: LedgerConfig): { key: string; file: string } {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, ADMIN_KEY_FILENAME);
  const key = newApiKey();
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return { key, file };
}
