/** Runs the EventStoreDB protocol stand-in in its own process for the throughput bench; prints its URL. */
import { startEsdbStandIn } from '../../test/esdb-stand-in/esdb-stand-in';

void (async () => {
  const standIn = await startEsdbStandIn({ batchAppend: process.argv[2] !== 'append-only' });
  process.stdout.write(`${standIn.url}\n`);
  process.on('SIGTERM', () => void standIn.close().then(() => process.exit(0)));
})();
