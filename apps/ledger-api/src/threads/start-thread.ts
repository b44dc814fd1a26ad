import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Run from the TypeScript sources (tests, `node -r bench/support/register.js`): the thread compiles them the same way. */
const TYPESCRIPT_LOADER = join(__dirname, '..', '..', '..', '..', 'bench', 'support', 'register.js');

/**
 * Starts a worker thread on the entry `${name}` beside `callerFile` (its `.js` in a build, its `.ts` from the sources),
 * with `workerData` copied into it (structured clone: plain data only). The thread never keeps the process alive on
 * its own.
 */
export function startThread(callerFile: string, name: string, workerData: unknown): Worker {
  const ownExtension = extname(callerFile);
  const entry = join(callerFile, '..', `${name}${ownExtension}`);
  const worker =
    ownExtension === '.ts' && existsSync(TYPESCRIPT_LOADER)
      ? new Worker(`require(${JSON.stringify(TYPESCRIPT_LOADER)}); require(${JSON.stringify(entry)});`, { eval: true, workerData })
      : new Worker(entry, { workerData });
  worker.unref();
  return worker;
}
