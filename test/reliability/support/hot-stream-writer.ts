import { randomUUID } from 'node:crypto';
import { SqliteEventStore, WrongExpectedRevisionError, type EventStore, type EventToAppend } from '@ledger/event-store';

/**
 * One writer of the concurrency test: read-modify-write increments of a training session's participants on hot
 * streams, each append carrying the revision it read (optimistic concurrency), retried on conflict.
 * Run in the test process or as a child process (`node -r bench/support/register.js hot-stream-writer.ts ...`),
 * so several processes contend for the same SQLite file.
 */
export interface IncrementAck {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  /** participants before and after this increment. */
  readonly from: number;
  readonly to: number;
}

export interface WriterReport {
  readonly writer: string;
  readonly acks: IncrementAck[];
  readonly conflicts: number;
}

export async function incrementParticipants(
  store: EventStore,
  stream: string,
  writer: string,
): Promise<{ ack: IncrementAck; conflicts: number }> {
  for (let conflicts = 0; ; conflicts++) {
    const events = await store.readStream(stream);
    let participants = 0;
    for (const event of events) {
      const data = event.data as { participants?: number; changes?: { participants?: number } };
      participants = data.changes?.participants ?? data.participants ?? participants;
    }
    const trainingId = stream.slice('training-'.length);
    const event: EventToAppend = {
      eventId: randomUUID(),
      type: 'TrainingSessionCorrected',
      schemaVersion: 1,
      data: {
        trainingId,
        changes: { participants: participants + 1 },
        replaces: { participants },
        reason: `recount by ${writer}`,
        correctedAt: '2024-07-01T10:00:00.000Z',
      },
      metadata: { actor: `service:${writer}`, commandId: randomUUID(), commandType: 'CorrectTrainingSession' },
    };
    // Yield between the read and the append, so in-process writers interleave like separate requests would.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const result = await store.appendToStream(stream, [event], { expectedRevision: events[events.length - 1].revision });
      return {
        ack: {
          eventId: event.eventId,
          stream,
          revision: result.revisions[0],
          position: result.lastPosition!,
          from: participants,
          to: participants + 1,
        },
        conflicts,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

export async function runWriter(store: EventStore, streams: readonly string[], increments: number, writer: string): Promise<WriterReport> {
  const acks: IncrementAck[] = [];
  let conflicts = 0;
  for (let i = 0; i < increments; i++) {
    const outcome = await incrementParticipants(store, streams[(i + writer.length) % streams.length], writer);
    acks.push(outcome.ack);
    conflicts += outcome.conflicts;
  }
  return { writer, acks, conflicts };
}

if (require.main === module) {
  const [filename, streamList, incrementsText, writer] = process.argv.slice(2);
  const store = new SqliteEventStore({ filename, busyTimeoutMs: 30_000 });
  runWriter(store, streamList.split(','), Number(incrementsText), writer)
    .then(async (report) => {
      await store.close();
      process.stdout.write(`${JSON.stringify(report)}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    });
}
