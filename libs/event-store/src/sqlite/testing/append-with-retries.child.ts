/**
 * Child process of the multi-process test: appends `count` events one by one to `stream` in the store file, reading
 * the stream head and retrying on WrongExpectedRevisionError like a command handler, then reports its event ids.
 * Usage (forked): append-with-retries.child.ts <filename> <stream> <count>
 */
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../../event-store.errors';
import { SqliteEventStore } from '../sqlite-event-store';

async function appendWithRetries(filename: string, stream: string, count: number): Promise<{ eventIds: string[]; conflicts: number }> {
  const store = new SqliteEventStore({ filename });
  const eventIds: string[] = [];
  let conflicts = 0;
  try {
    for (let i = 0; i < count; i++) {
      const event = {
        eventId: randomUUID(),
        type: 'Contended',
        schemaVersion: 1,
        data: { pid: process.pid, i },
        metadata: { actor: 'svc:multi-process-test' },
      };
      for (;;) {
        const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        try {
          await store.appendToStream(stream, [event], { expectedRevision: last ? last.revision : 'no_stream' });
          break;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          conflicts++;
        }
      }
      eventIds.push(event.eventId);
    }
  } finally {
    await store.close();
  }
  return { eventIds, conflicts };
}

const [filename, stream, count] = process.argv.slice(2);
appendWithRetries(filename, stream, Number(count)).then(
  (report) => process.send?.(report, () => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
