import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What was tightened, to be said in the log: a data file readable by others is a finding, not a detail. */
export interface TightenedPath {
  readonly path: string;
  readonly from: number;
  readonly to: number;
}

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Makes the data dir private to the service user: created 0700, and the dir, its subdirs and every file in them
 * (events.sqlite, security.sqlite, their -wal and -shm, keys, admin.key, ...) brought to 0700/0600 when they are
 * wider, whoever created them. SQLite gives a database's -wal and -shm its own mode, so once the databases are 0600
 * their journals are too. Symbolic links are left alone (never followed). Returns what it changed.
 */
export function securePrivateDataDir(dir: string): TightenedPath[] {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const tightened: TightenedPath[] = [];
  const tighten = (path: string, wanted: number, depth: number): void => {
    const stat = lstatSync(path);
    // Never follow a link; never take over a shared sticky directory such as /tmp.
    if (stat.isSymbolicLink() || (stat.isDirectory() && (stat.mode & 0o1000) !== 0)) return;
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(path, mode & wanted);
      tightened.push({ path, from: mode, to: mode & wanted });
    }
    if (stat.isDirectory() && depth < 3)
      for (const name of readdirSync(path))
        tighten(join(path, name), lstatSync(join(path, name)).isDirectory() ? PRIVATE_DIR : PRIVATE_FILE, depth + 1);
  };
  tighten(dir, PRIVATE_DIR, 0);
  return tightened;
}

export function describeTightened(paths: readonly TightenedPath[]): string {
  return paths.map((p) => `${p.path} ${p.from.toString(8).padStart(4, '0')} -> ${p.to.toString(8).padStart(4, '0')}`).join(', ');
}
