import fs from 'node:fs';

/** `--name value` among this process's arguments. */
export function argOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * Runs `work` on a copy of the ledger file that `--file` names, so the file itself is left as it was; the copy and
 * its WAL files are removed afterwards.
 */
export async function onCopyOfFile<T>(suffix: string, work: (copy: string) => Promise<T>): Promise<T> {
  const source = argOption('file');
  if (source === undefined || !fs.existsSync(source)) throw new Error('--file <ledger.sqlite> names no file');
  const copy = `${source}.${suffix}`;
  fs.copyFileSync(source, copy);
  try {
    return await work(copy);
  } finally {
    for (const end of ['', '-wal', '-shm']) fs.rmSync(copy + end, { force: true });
  }
}
