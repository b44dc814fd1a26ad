/**
 * Child process of the durability test: appends to the store file given as argv[2] until it is killed, and reports
 * each append to the parent only after the store acknowledged it. Run with bench/support/register.js (TypeScript).
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../sqlite-event-store';

export interface AcknowledgedAppend {
  readonly stream: string;
  readonly eventIds: readonly string[];
  readonly positions: readonly number[];
}

async function appendUntilKilled(filename: string): Promise<void> {
  const store = new SqliteEventStore({ filename });
  const send = process.send?.bind(process);
  if (!send) throw new Error('append-until-killed must be started with child_process.fork');
  // Without a parent there is nobody to report to: stop instead of writing forever.
  process.on('disconnect', () => process.exit(0));
  for (let i = 0; i < 1_000_000; i++) {
    const stream = `durability-${i % 7}`;
    const events = [0, 1, 2].map((n) => ({
      eventId: randomUUID(),
      type: 'DurabilityChecked',
      schemaVersion: 1,
      data: { append: i, n, padding: 'x'.repeat(200) },
      metadata: { actor: 'svc:durability-test' },
    }));
    const result = await store.appendToStream(stream, events, { expectedRevision: 'any' });
    const ack: AcknowledgedAppend = { stream, eventIds: result.eventIds, positions: result.positions };
    send(ack);
  }
  await store.close();
}

appendUntilKilled(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
