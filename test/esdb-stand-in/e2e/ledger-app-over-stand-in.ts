/**
 * The e2e harness's `startLedgerApp`, with the API on the EventStoreDB adapter (LEDGER_EVENT_STORE=esdb) over a
 * fresh protocol stand-in instead of a SQLite file. Everything else is the e2e suite's own harness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@ledger/commands';
import { loadConfig } from '@ledger/config';
import { createApp } from '../../../apps/ledger-api/src/app.factory';
import { startEsdbStandIn } from '../esdb-stand-in';

type Harness = typeof import('@ledger/test-support/http/ledger-app');
const harness = jest.requireActual<Harness>('@ledger/test-support/http/ledger-app');

export const TEST_NOW = harness.TEST_NOW;
export const SequentialIds = harness.SequentialIds;
export const TEST_ADMIN_KEY = harness.TEST_ADMIN_KEY;
export const TEST_AUTH_ENV = harness.TEST_AUTH_ENV;
export const authenticated = harness.authenticated;
export const testLedger = harness.testLedger;
export const recordTrainings = harness.recordTrainings;
export type LedgerTestApp = import('@ledger/test-support/http/ledger-app').LedgerTestApp;

/**
 * `LEDGER_E2E_EVENTSTORE_URL` (set by `npm run test:esdb`) points the app at a real EventStoreDB instead: the log
 * is then shared by every spec and every earlier run, so only specs written for a shared log run that way.
 */
export async function startLedgerApp(env: Record<string, string> = {}): Promise<LedgerTestApp> {
  const realServer = process.env.LEDGER_E2E_EVENTSTORE_URL;
  const standIn = realServer ? undefined : await startEsdbStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-esdb-'));
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    LEDGER_LOG_LEVEL: 'error',
    LEDGER_EVENT_STORE: 'esdb',
    EVENTSTORE_URL: realServer ?? standIn!.url,
    ...harness.TEST_AUTH_ENV,
    ...env,
  });
  const clock = new FixedClock(TEST_NOW);
  // The API opens (and closes) the EventStoreDB adapter itself, from the configuration, as in production.
  const app = await createApp(config, { clock, ids: new SequentialIds(), logger: false });
  return harness.testLedger(app, {
    config,
    clock,
    dataDir,
    close: async () => {
      await standIn?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
