import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface BenchEnvironment {
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryGb: number;
  readonly platform: string;
  readonly kernel: string;
  readonly betterSqlite3: string;
  readonly sqlite: string;
  readonly gitCommit: string;
  /** True when the working tree had uncommitted changes: the figures may not match the commit exactly. */
  readonly gitDirty: boolean;
}

/** Durability setting every store figure is measured with; the embedded store's production setting. */
export const DURABILITY = 'SQLite WAL, synchronous=FULL';

export function captureEnvironment(root: string): BenchEnvironment {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
  db.close();
  return {
    node: process.version,
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    totalMemoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    betterSqlite3: require('better-sqlite3/package.json').version,
    sqlite,
    gitCommit: git(root, ['rev-parse', '--short', 'HEAD']),
    gitDirty: git(root, ['status', '--porcelain', '--untracked-files=no']).length > 0,
  };
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
