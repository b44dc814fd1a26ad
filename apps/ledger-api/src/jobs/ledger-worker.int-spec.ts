import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { eventStoreFile, loadConfig } from '@ledger/config';
import Database from 'better-sqlite3';
import { TEST_AUTH_ENV } from '@ledger/test-support/http/ledger-app';
import { LedgerWorker } from './ledger-worker';

/**
 * The ledger worker thread ends itself when stopped, even when the stop comes while it is still opening its stores
 * and another connection holds the event store's write lock. It is never ended from outside on a short pause: a
 * thread ended inside a better-sqlite3 call (waiting on that lock, say) aborts the whole process.
 */
jest.setTimeout(60_000);

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-worker-'))));
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(): { worker: LedgerWorker; exits: string[]; ready: Promise<void> } {
  const config = loadConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', LEDGER_LOG_LEVEL: 'error', ...TEST_AUTH_ENV });
  const exits: string[] = [];
  let readied: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (readied = resolve));
  const worker = new LedgerWorker(
    { config, followIntervalMs: 50, sweepPerSecond: 0 },
    { onMessage: (message) => (message.kind === 'ready' ? readied() : undefined), onExit: (reason) => void exits.push(reason) },
  );
  worker.start();
  return { worker, exits, ready };
}

describe('LedgerWorker.stop', () => {
  it('during startup, with the event store write-locked elsewhere, ends the thread by itself (code 0), never terminating it', async () => {
    // A data dir the ledger has run on before: every table exists (making them is a write, and waits on the lock).
    const first = startWorker();
    await first.ready;
    expect(await first.worker.stop()).toBe(0);
    const file = eventStoreFile({ dataDir });
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    const blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const { worker, exits } = startWorker();
      expect(await worker.stop()).toBe(0);
      expect(terminate).not.toHaveBeenCalled();
      expect(exits).toEqual([]);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
  });

  it('once running, closes its stores and ends by itself (code 0), and is not restarted', async () => {
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    const { worker, exits, ready } = startWorker();
    await ready;
    expect(await worker.stop()).toBe(0);
    expect(terminate).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(exits).toEqual([]);
    expect(await worker.stop()).toBeUndefined();
  });
});
