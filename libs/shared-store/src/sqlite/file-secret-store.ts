import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PSEUDONYM_SECRET_FILENAME } from '@ledger/config';
import { SIGNING_KEY_FILE } from '@ledger/audit';
import { SECRET_NAMES, type SecretName, type SecretStore } from '../secret-store';

/** File of the key-hash secret in the data dir (embedded default). */
export const KEY_HASH_SECRET_FILENAME = 'key-hash.secret';

const FILES: Partial<Record<SecretName, string>> = {
  [SECRET_NAMES.pseudonym]: PSEUDONYM_SECRET_FILENAME,
  [SECRET_NAMES.keyHash]: KEY_HASH_SECRET_FILENAME,
  [SECRET_NAMES.signingKey]: SIGNING_KEY_FILE,
};

/** The embedded default's secrets: one owner-only file each in the data dir, the files earlier versions wrote. */
export class FileSecretStore implements SecretStore {
  constructor(private readonly dataDir: string) {}

  async get(name: SecretName): Promise<string | undefined> {
    const file = join(this.dataDir, fileOf(name));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    // Secrets are stored as written; the one-line ones end in a newline.
    return name === SECRET_NAMES.signingKey ? text : text.trim();
  }

  async putIfAbsent(name: SecretName, value: string): Promise<string> {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const file = join(this.dataDir, fileOf(name));
    try {
      // 'wx': never overwrite a secret another process wrote first.
      writeFileSync(file, name === SECRET_NAMES.signingKey ? value : `${value}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return (await this.get(name))!;
  }
}

/** One process keeps no fingerprints: the embedded secrets are only ever read from these files. */
function fileOf(name: SecretName): string {
  const file = FILES[name];
  if (file === undefined) throw new Error(`the data dir keeps no ${name}`);
  return file;
}
