/**
 * Runs the EventStoreDB protocol stand-in in its own process for the throughput bench; prints its URL.
 * ESDB_STAND_IN_MODULE names another stand-in module to run instead (e.g. an earlier version, to compare).
 */
import { resolve } from 'node:path';
import type * as StandIn from '../../test/esdb-stand-in/esdb-stand-in';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEsdbStandIn } = require(
  process.env.ESDB_STAND_IN_MODULE ? resolve(process.env.ESDB_STAND_IN_MODULE) : '../../test/esdb-stand-in/esdb-stand-in',
) as typeof StandIn;

void (async () => {
  const standIn = await startEsdbStandIn({ batchAppend: process.argv[2] !== 'append-only' });
  process.stdout.write(`${standIn.url}\n`);
  process.on('SIGTERM', () => void standIn.close().then(() => process.exit(0)));
})();
