import type { RecordedEvent } from '@ledger/event-store';

/** One security event to record; the store adds position, revision, recordedAt and the hash chain. */
export interface SecurityEventToAppend {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly actor: string;
}

export type SecurityExpectedState = 'no_stream' | 'stream_exists' | 'any';

/** Lets readers of the log hear that another process appended (PostgreSQL LISTEN/NOTIFY). */
export interface SecurityLogWatch {
  /** False while the store cannot promise to tell of every append (listener not connected): read on each lookup. */
  live(): boolean;
  stop(): Promise<void>;
}

/**
 * Where the security log (key management, sealed personal details, erasures) is kept: the data dir's SQLite file in
 * the embedded default, PostgreSQL when several API instances share it. Events are hash-chained per stream like the
 * ledger's own log, and positions only grow, in commit order, so "events after N" never skips one.
 */
export interface SecurityLogStore {
  append(stream: string, event: SecurityEventToAppend, expected: SecurityExpectedState): Promise<RecordedEvent>;
  /** The stream's events, oldest first, at most `limit`. */
  readStream(stream: string, limit: number): Promise<RecordedEvent[]>;
  /** Events after `position` (0: from the first), in log order, at most `limit`. */
  readAfter(position: number, limit: number): Promise<RecordedEvent[]>;
  /** Calls `onChange` whenever any process appends; absent when the store cannot tell (readers then read on each lookup). */
  watch?(onChange: () => void): Promise<SecurityLogWatch>;
  close(): Promise<void>;
}

/** An append whose expected state did not hold (e.g. revoking a key that was never created). */
export class SecurityLogConflictError extends Error {
  readonly code = 'security_log.conflict';
}
