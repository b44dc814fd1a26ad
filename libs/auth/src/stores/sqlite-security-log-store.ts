import { SqliteEventStore, WrongExpectedRevisionError, type RecordedEvent } from '@ledger/event-store';
import {
  SecurityLogConflictError,
  type SecurityEventToAppend,
  type SecurityExpectedState,
  type SecurityLogStore,
} from './security-log-store';

/** The embedded security log: its own SQLite event store file in the data dir (same adapter, same hash chains). */
export class SqliteSecurityLogStore implements SecurityLogStore {
  constructor(readonly events: SqliteEventStore) {}

  static open(filename: string, clock: () => string): SqliteSecurityLogStore {
    return new SqliteSecurityLogStore(new SqliteEventStore({ filename, clock }));
  }

  async append(stream: string, event: SecurityEventToAppend, expected: SecurityExpectedState): Promise<RecordedEvent> {
    const { actor, ...rest } = event;
    try {
      await this.events.appendToStream(stream, [{ ...rest, metadata: { actor } }], { expectedRevision: expected });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new SecurityLogConflictError(error.message);
      throw error;
    }
    const [recorded] = await this.events.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return recorded;
  }

  readStream(stream: string, limit: number): Promise<RecordedEvent[]> {
    return this.events.readStream(stream, { maxCount: limit });
  }

  readAfter(position: number, limit: number): Promise<RecordedEvent[]> {
    return this.events.readAll({ after: position, limit });
  }

  close(): Promise<void> {
    return this.events.close();
  }
}
