/**
 * Reproduces @eventstore/db-client 6.2.1's BatchAppend bug with the raw client (forked by
 * libs/event-store/src/esdb/esdb-event-store.int-spec.ts): two clients on two stand-ins; client A's BatchAppend
 * stream fails while client B has an append in flight. Prints what B's append answered, then B's late answer
 * throws a TypeError in the client's 'data' handler, which ends this process as an uncaught exception.
 */
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEsdbStandIn } from './esdb-stand-in';

async function main(): Promise<void> {
  const a = await startEsdbStandIn();
  const b = await startEsdbStandIn();
  const clientA = EventStoreDBClient.connectionString(a.url);
  const clientB = EventStoreDBClient.connectionString(b.url);
  await clientA.appendToStream('raw-a', jsonEvent({ type: 'T', data: {} }));
  await clientB.appendToStream('raw-b', jsonEvent({ type: 'T', data: {} }));
  const release = b.holdBatchAppendAnswers();
  const inFlight = clientB.appendToStream('raw-b', jsonEvent({ type: 'T', data: {} })).then(
    () => 'answered',
    (error: Error) => error.constructor.name,
  );
  while (b.log.streamRecords('raw-b')?.length !== 2) await new Promise((resolve) => setTimeout(resolve, 2));
  a.refuse('BatchAppend');
  await clientA.appendToStream('raw-a', jsonEvent({ type: 'T', data: {} })).catch(() => undefined);
  process.stdout.write(`${JSON.stringify({ inFlight: await inFlight, writtenOnB: b.log.streamRecords('raw-b')?.length })}\n`);
  release();
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.stdout.write('no crash\n');
  process.exit(0);
}

void main();
